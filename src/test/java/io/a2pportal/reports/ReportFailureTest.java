package io.a2pportal.reports;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.a2pportal.mail.MailSender;
import io.a2pportal.mail.OutboxMail;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** A generation that keeps failing ends FAILED with a reason and a mail; a mail server that is down loses no mail. */
@QuarkusTest
class ReportFailureTest {

    static final String DOMAIN = "report-failure.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;
    static final String OWNER_B = "owner-b@" + DOMAIN;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    ReportFixtures reports;

    @Inject
    MockMailbox mailbox;

    @Inject
    Mailer mailer;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void generationThatKeepsFailingEndsFailedWithAReasonAndAMail() {
        AtomicInteger attempts = new AtomicInteger();
        QuarkusMock.installMockForType(new ReportGenerator() {
            @Override
            public Written generate(long reportId, int attempt, ReportQuery query) throws IOException {
                attempts.incrementAndGet();
                throw new IOException("The file store refused the write");
            }

            @Override
            public void discard(long reportId, int attempt) {
            }
        }, ReportGenerator.class);

        String page = ReportPages.request("all");
        String failed = ReportPages.awaitPageShowing(page, "The report could not be generated.");
        assertTrue(failed.contains("after 3 attempts"), failed);
        assertTrue(failed.contains("The file store refused the write"), failed);
        assertTrue(failed.contains("Request a new report"));
        assertFalse(failed.contains("Download CSV report"));
        assertEquals(3, attempts.get());
        given().get(page + "/download").then().statusCode(404);
        given().get("/reports").then().body(containsString("Failed"));

        await().atMost(ReportPages.PATIENCE).until(() -> mailbox.getMailsSentTo(OWNER_A) != null);
        List<Mail> mails = mailbox.getMailsSentTo(OWNER_A);
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).getSubject().contains("could not be generated"), mails.get(0).getSubject());
        assertTrue(mails.get(0).getText().contains("The file store refused the write"));
        assertTrue(mails.get(0).getText().contains("https://portal.example.test" + page), mails.get(0).getText());
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_B))
    void mailServerDownDelaysTheMailButNeitherLosesItNorHoldsUpTheReport() {
        AtomicBoolean smtpDown = new AtomicBoolean(true);
        QuarkusMock.installMockForType(new MailSender(mailer) {
            @Override
            public void send(OutboxMail mail) {
                if (smtpDown.get()) {
                    throw new IllegalStateException("Connection refused: smtp.example.test:587");
                }
                super.send(mail);
            }
        }, MailSender.class);

        String page = ReportPages.request("all");
        ReportPages.awaitPageShowing(page, "Download CSV report");
        long id = ReportPages.id(page);
        await().atMost(ReportPages.PATIENCE).until(() -> reports.mails(id).size() == 1 && reports.mails(id).get(0).attempts >= 2);
        OutboxMail waiting = reports.mails(id).get(0);
        assertFalse(waiting.isSent());
        assertTrue(waiting.lastError.contains("Connection refused"), waiting.lastError);
        assertTrue(mailbox.getMailsSentTo(OWNER_B) == null || mailbox.getMailsSentTo(OWNER_B).isEmpty());
        assertTrue(ReportPages.download(page).startsWith("AccountSid,"), "the report is usable meanwhile");

        smtpDown.set(false);
        await().atMost(ReportPages.PATIENCE).until(() -> reports.mails(id).get(0).isSent());
        assertEquals(1, mailbox.getMailsSentTo(OWNER_B).size());
        assertTrue(mailbox.getMailsSentTo(OWNER_B).get(0).getText().contains("https://portal.example.test" + page));
    }
}
