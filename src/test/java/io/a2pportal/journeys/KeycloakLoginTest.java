package io.a2pportal.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The authorization code flow through a real Keycloak and its login form, for each user of the realm. */
@QuarkusTest
@TestProfile(RealServicesProfile.class)
class KeycloakLoginTest {

    @TestHTTPResource("/numbers")
    URL numbers;

    @TestHTTPResource("/admin/accounts")
    URL admin;

    @Inject
    RealmData realmData;

    RealmData.Tree data;

    @BeforeEach
    void data() {
        data = realmData.tree();
    }

    @Test
    void ownerSeesTheWholeTreeAndNothingElse() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            String page = browser.openAs(numbers, RealmData.OWNER).asNormalizedText();
            assertTrue(page.contains(RealmData.OWNER), page);
            assertTrue(page.contains(data.parentNumber()), page);
            assertTrue(page.contains(data.subNumber()), page);
            assertFalse(page.contains(data.otherNumber()), page);
            assertEquals(403, browser.open(admin).getWebResponse().getStatusCode());
        }
    }

    @Test
    void subaccountMemberSeesOnlyTheirSubaccount() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            String page = browser.openAs(numbers, RealmData.SUB_MEMBER).asNormalizedText();
            assertTrue(page.contains(data.subNumber()), page);
            assertFalse(page.contains(data.parentNumber()), page);
            assertFalse(page.contains(data.otherNumber()), page);
        }
    }

    @Test
    void ownerOfAnotherParentSeesOnlyTheirAccount() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            String page = browser.openAs(numbers, RealmData.OTHER_OWNER).asNormalizedText();
            assertTrue(page.contains(data.otherNumber()), page);
            assertFalse(page.contains(data.parentNumber()), page);
            assertFalse(page.contains(data.subNumber()), page);
        }
    }

    @Test
    void platformAdminReachesAdministration() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            HtmlPage page = browser.openAs(admin, RealmData.ADMIN);
            assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
            assertTrue(page.asNormalizedText().contains(data.parentName()), page.asNormalizedText());
        }
    }

    @Test
    void userWithoutMembershipGetsTheExplanation() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            String page = browser.openAs(numbers, RealmData.NO_MEMBERSHIP).asNormalizedText();
            assertTrue(page.contains("not a member of any account yet"), page);
            assertTrue(page.contains(RealmData.NO_MEMBERSHIP), page);
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            HtmlPage page = PortalBrowser.logIn(browser.open(numbers), RealmData.OWNER, "not-the-password");
            assertTrue(PortalBrowser.isKeycloakLogin(page), "Keycloak shows its form again");
            assertTrue(page.asNormalizedText().contains("Invalid username or password"), page.asNormalizedText());
            assertFalse(page.asNormalizedText().contains(data.parentNumber()));
        }
    }

    @Test
    void logoutEndsThePortalAndTheKeycloakSession() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            HtmlPage page = browser.openAs(numbers, RealmData.OWNER);
            assertTrue(page.asNormalizedText().contains(data.parentNumber()));
            HtmlPage signedOut = PortalBrowser.logOut(page);
            assertTrue(signedOut.asNormalizedText().contains("You are signed out"), signedOut.asNormalizedText());
            HtmlPage again = browser.open(numbers);
            assertTrue(PortalBrowser.isKeycloakLogin(again), "a new login is needed: " + again.getUrl());
        }
    }

    @Test
    void sessionWithoutItsCookieGoesBackToKeycloak() throws Exception {
        try (PortalBrowser browser = new PortalBrowser()) {
            assertTrue(browser.openAs(numbers, RealmData.OWNER).asNormalizedText().contains(data.parentNumber()));
            for (Cookie cookie : browser.client.getCookieManager().getCookies()) {
                if (cookie.getName().startsWith("q_session")) {
                    browser.client.getCookieManager().removeCookie(cookie);
                }
            }
            browser.client.getOptions().setRedirectEnabled(false);
            var response = browser.client.getPage(numbers).getWebResponse();
            assertEquals(302, response.getStatusCode());
            String location = response.getResponseHeaderValue("Location");
            assertTrue(location.contains("/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/auth"), location);
        }
    }
}
