package io.a2pportal.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Date;

import org.awaitility.Awaitility;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlPasswordInput;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Sessions with Keycloak tokens of ten seconds: an active user keeps working past the tokens'
 * lifespan (the portal refreshes them); after the idle time or the maximum lifetime the session
 * ends, the way back goes through Keycloak and the page after it says so; a form posted after the
 * end is kept and sent after the login.
 */
@QuarkusTest
@TestProfile(ShortTokensProfile.class)
class ExpiredSessionTest {

    @TestHTTPResource("/numbers")
    URL numbers;

    @TestHTTPResource("/reports/new")
    URL reportForm;

    @Inject
    RealmData realmData;

    @Test
    void activeUserKeepsWorkingPastTheTokensLifespan() throws Exception {
        RealmData.Tree data = realmData.tree();
        try (PortalBrowser browser = new PortalBrowser()) {
            assertTrue(browser.openAs(numbers, RealmData.OWNER).asNormalizedText().contains(data.parentNumber()));
            browser.client.getOptions().setRedirectEnabled(false);
            long until = System.nanoTime() + Duration.ofSeconds(ShortTokensProfile.TOKEN_SECONDS * 3).toNanos();
            while (System.nanoTime() < until) {
                WebResponse response = browser.client.getPage(numbers).getWebResponse();
                assertEquals(200, response.getStatusCode(), "still logged in: " + response.getResponseHeaderValue("Location"));
                assertTrue(response.getContentAsString().contains(data.parentNumber()));
                Thread.sleep(2_000);
            }
        }
    }

    @Test
    void sessionEndsAtItsMaximumLifetimeAndKeycloakAsksForThePassword() throws Exception {
        RealmData.Tree data = realmData.tree();
        try (PortalBrowser browser = new PortalBrowser()) {
            long loggedIn = System.nanoTime();
            assertTrue(browser.openAs(numbers, RealmData.OWNER).asNormalizedText().contains(data.parentNumber()));
            browser.client.getOptions().setRedirectEnabled(false);
            WebResponse ended = Awaitility.await().atMost(Duration.ofSeconds(ShortTokensProfile.MAX_LIFETIME_SECONDS * 2))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> browser.client.getPage(numbers).getWebResponse(), response -> response.getStatusCode() != 200);
            assertTrue(System.nanoTime() - loggedIn >= Duration.ofSeconds(ShortTokensProfile.MAX_LIFETIME_SECONDS).toNanos(),
                    "active until the maximum lifetime");
            assertEquals(302, ended.getStatusCode());
            String location = ended.getResponseHeaderValue("Location");
            assertTrue(location.contains("/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/auth"), location);

            // the login server's session is as old: Keycloak asks for the password again
            browser.client.getOptions().setRedirectEnabled(true);
            HtmlPage login = browser.open(new URL(location));
            assertTrue(login.getElementById("password") instanceof HtmlPasswordInput, login.getUrl() + "\n" + login.asNormalizedText());
            ((HtmlPasswordInput) login.getElementById("password")).setValue(PortalBrowser.passwordOf(RealmData.OWNER));
            HtmlPage back = ((HtmlElement) login.getElementById("kc-login")).click();
            assertTrue(back.asNormalizedText().contains(data.parentNumber()), back.asNormalizedText());
            assertTrue(back.asNormalizedText().contains("and 1 minute after you logged in), so you logged in again"),
                    back.asNormalizedText());
        }
    }

    @Test
    void expiredSessionGoesBackToKeycloak() throws Exception {
        RealmData.Tree data = realmData.tree();
        try (PortalBrowser browser = new PortalBrowser()) {
            assertTrue(browser.openAs(numbers, RealmData.OWNER).asNormalizedText().contains(data.parentNumber()));
            browser.client.getOptions().setRedirectEnabled(false);
            assertEquals(200, browser.client.getPage(numbers).getWebResponse().getStatusCode(), "still logged in");

            // requests keep the session alive: the user stops making them until the browser drops its cookie
            awaitSessionCookieExpired(browser);
            WebResponse expired = browser.client.getPage(numbers).getWebResponse();
            assertEquals(302, expired.getStatusCode());
            String location = expired.getResponseHeaderValue("Location");
            assertTrue(location.contains("/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/auth"), location);

            // Keycloak's own session still stands, so it signs the user in again without the form
            browser.client.getOptions().setRedirectEnabled(true);
            HtmlPage back = browser.open(numbers);
            assertTrue(back.asNormalizedText().contains(data.parentNumber()), back.asNormalizedText());
            assertTrue(back.asNormalizedText().contains("Your session had ended (a session ends after "
                    + ShortTokensProfile.IDLE_SECONDS + " seconds without activity"), back.asNormalizedText());
        }
    }

    @Test
    void formPostedAfterTheSessionEndedIsSentAfterTheLogin() throws Exception {
        RealmData.Tree data = realmData.tree();
        try (PortalBrowser browser = new PortalBrowser()) {
            browser.openAs(numbers, RealmData.OWNER);
            HtmlPage form = browser.open(reportForm);
            ((HtmlRadioButtonInput) form.getFirstByXPath("//input[@name='scope'][@value='" + data.sub().sid + "']")).setChecked(true);
            // the user leaves the page open until the session cookie has expired in the browser
            awaitSessionCookieExpired(browser);

            HtmlForm request = form.getFirstByXPath("//form[@action='/reports']");
            HtmlPage ended = request.getOneHtmlElementByAttribute("button", "type", "submit").click();
            String text = ended.asNormalizedText();
            assertTrue(text.contains("Your session has ended"), text);
            assertTrue(text.contains("What you had just sent was not sent"), text);

            HtmlPage resume = ended.getAnchorByText("Log in again").click();
            String kept = resume.asNormalizedText();
            assertTrue(kept.contains("You are logged in again"), kept);
            assertTrue(kept.contains(data.sub().sid), kept);

            HtmlButton send = resume.getFirstByXPath("//button[text()='Send it now']");
            HtmlPage report = send.click();
            assertTrue(report.getUrl().getPath().matches("/reports/\\d+"), report.getUrl().toString());
            assertTrue(report.asNormalizedText().contains("Report requested"), report.asNormalizedText());
            assertFalse(PortalBrowser.isKeycloakLogin(report));
        }
    }

    /** Waits, without a request, until the browser has dropped the session cookie at the end of its age. */
    private static void awaitSessionCookieExpired(PortalBrowser browser) {
        Awaitility.await().atMost(Duration.ofSeconds(ShortTokensProfile.TOKEN_SECONDS * 4)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    browser.client.getCookieManager().clearExpired(new Date());
                    return browser.client.getCookieManager().getCookies().stream()
                            .noneMatch(cookie -> cookie.getName().startsWith("q_session"));
                });
    }
}
