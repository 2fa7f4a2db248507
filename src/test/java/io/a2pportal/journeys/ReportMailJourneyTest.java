package io.a2pportal.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The report-ready mail travels over SMTP to a real mail server; its link, opened in a browser
 * that is not logged in, leads through Keycloak's login to the report page.
 */
@QuarkusTest
@TestProfile(RealServicesProfile.class)
class ReportMailJourneyTest {

    private static final Pattern REPORT_LINK = Pattern.compile("http://localhost:\\d+/reports/(\\d+)");

    @TestHTTPResource("/reports/new")
    URL requestPage;

    @ConfigProperty(name = GreenMailServer.IMAP_PORT)
    int imapPort;

    @Inject
    RealmData realmData;

    @Test
    void readyMailArrivesOverSmtpAndItsLinkOpensTheReportAfterLogin() throws Exception {
        RealmData.Tree data = realmData.tree();
        String reportPath;
        try (PortalBrowser browser = new PortalBrowser()) {
            HtmlPage request = browser.openAs(requestPage, RealmData.OWNER);
            HtmlForm form = request.getFirstByXPath("//form[@action='/reports']");
            ((HtmlRadioButtonInput) form.getFirstByXPath(".//input[@name='scope' and @value='" + data.sub().sid + "']"))
                    .setChecked(true);
            HtmlPage report = ((HtmlElement) form.getFirstByXPath(".//button[@type='submit']")).click();
            reportPath = report.getUrl().getPath();
            assertTrue(reportPath.matches("/reports/\\d+"), reportPath);
        }

        String path = reportPath;
        String text = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> readyMailText(RealmData.OWNER, path), body -> body != null);
        Matcher link = REPORT_LINK.matcher(text);
        assertTrue(link.find(), text);
        assertEquals(reportPath, "/reports/" + link.group(1));

        try (PortalBrowser stranger = new PortalBrowser()) {
            HtmlPage loginPage = stranger.open(new URL(link.group()));
            assertTrue(PortalBrowser.isKeycloakLogin(loginPage), "the link asks for a login first");
            HtmlPage landed = PortalBrowser.logIn(loginPage, RealmData.OWNER, PortalBrowser.passwordOf(RealmData.OWNER));
            assertEquals(reportPath, landed.getUrl().getPath());
            String page = landed.asNormalizedText();
            assertTrue(page.contains("Download CSV report"), page);
            assertTrue(page.contains(data.sub().name), page);
        }
    }

    /**
     * The plain-text part of the ready mail for this report in the user's mailbox (other journeys
     * mail the same user), read over IMAP; null until it arrives.
     */
    private String readyMailText(String address, String reportPath) throws MessagingException, IOException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        // the mail server creates a mailbox per recipient, with the address as login and password
        store.connect("127.0.0.1", imapPort, address, address);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    String text = plainText(message);
                    if (message.getSubject() != null && message.getSubject().contains("is ready") && text != null
                            && text.matches("(?s).*" + Pattern.quote(reportPath) + "\\b.*")) {
                        return text;
                    }
                }
                return null;
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException noMailboxYet) {
            return null;
        } finally {
            store.close();
        }
    }

    private static String plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
