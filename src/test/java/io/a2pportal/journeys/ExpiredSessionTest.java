package io.a2pportal.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** When the login's tokens expire, the portal sends the browser back through Keycloak. */
@QuarkusTest
@TestProfile(ShortTokensProfile.class)
class ExpiredSessionTest {

    @TestHTTPResource("/numbers")
    URL numbers;

    @Inject
    RealmData realmData;

    @Test
    void expiredSessionGoesBackToKeycloak() throws Exception {
        RealmData.Tree data = realmData.tree();
        try (PortalBrowser browser = new PortalBrowser()) {
            assertTrue(browser.openAs(numbers, RealmData.OWNER).asNormalizedText().contains(data.parentNumber()));
            browser.client.getOptions().setRedirectEnabled(false);
            assertEquals(200, browser.client.getPage(numbers).getWebResponse().getStatusCode(), "still logged in");

            WebResponse expired = Awaitility.await().atMost(Duration.ofSeconds(ShortTokensProfile.TOKEN_SECONDS * 4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> browser.client.getPage(numbers).getWebResponse(), response -> response.getStatusCode() == 302);
            String location = expired.getResponseHeaderValue("Location");
            assertTrue(location.contains("/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/auth"), location);

            // Keycloak's own session still stands, so it signs the user in again without the form
            browser.client.getOptions().setRedirectEnabled(true);
            HtmlPage again = browser.open(numbers);
            assertTrue(again.asNormalizedText().contains(data.parentNumber()), again.asNormalizedText());
        }
    }
}
