package io.a2pportal.mail;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The dev page lists the mails sent, with the link a newcomer can follow. */
@QuarkusTest
@TestProfile(DevMailsPageTest.DevPages.class)
class DevMailsPageTest {

    static final String DOMAIN = "dev-mails.test";

    /** What the dev profile sets at build time. */
    public static class DevPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.dev-mails.enabled", "true");
        }
    }

    @Inject
    Fixtures fixtures;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void listsTheReadyMailWithItsLink() {
        new TwoTenants(fixtures, DOMAIN);
        String location = Csrf.from("/reports/new").form().formParam("scope", "all").post("/reports").then().statusCode(303)
                .extract().header("Location");
        String page = URI.create(location).getPath();
        String link = "href=\"https://portal.example.test" + page + "\"";
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/dev/mails").asString().contains(link));
        given().get("/dev/mails").then().statusCode(200)
                .body(containsString("To <strong>owner-a@" + DOMAIN + "</strong>"), containsString("is ready"));
    }
}
