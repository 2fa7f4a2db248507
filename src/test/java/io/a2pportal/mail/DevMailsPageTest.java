package io.a2pportal.mail;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/** The dev page lists the mails sent to the logged-in user, with the link a newcomer can follow. */
@QuarkusTest
@TestProfile(DevMailsPageTest.DevPages.class)
class DevMailsPageTest {

    static final String DOMAIN = "dev-mails.test";
    static boolean mailed;

    /** What the dev profile sets: the page built in, and no public address for the links. */
    public static class DevPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.dev-mails.enabled", "true", "%test.portal.base-url", "");
        }
    }

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @BeforeEach
    void data() {
        if (!mailed) {
            // a mail to owner A that names A's account and links to one of its reports
            QuarkusTransaction.requiringNew().run(() -> {
                OutboxMail mail = new OutboxMail();
                mail.dedupeKey = "dev-mails-test:" + DOMAIN;
                mail.kind = "report-ready";
                mail.recipient = "owner-a@" + DOMAIN;
                mail.subject = "Your A2P status report for " + t.a.name + " is ready";
                mail.textBody = "Open https://portal.example.test/reports/4242";
                mail.htmlBody = mail.textBody;
                mail.link = "https://portal.example.test/reports/4242";
                mail.persist();
            });
            mailed = true;
        }
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void listsTheReadyMailWithALinkToThePortThePortalListensOn() {
        String page = requestReport();
        String link = "href=\"http://localhost:" + RestAssured.port + page + "\"";
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/dev/mails").asString().contains(link));
        given().get("/dev/mails").then().statusCode(200)
                .body(containsString("To <strong>owner-a@" + DOMAIN + "</strong>"), containsString("is ready"));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "Owner-B@" + DOMAIN))
    void showsAUserTheirOwnMailsAndNoOneElses() {
        String page = requestReport();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/dev/mails").asString().contains(page + "\""));
        given().get("/dev/mails").then().statusCode(200)
                .body(containsString("To <strong>owner-b@" + DOMAIN + "</strong>"))
                .body(not(containsString("owner-a@" + DOMAIN)))
                .body(not(containsString(t.a.name)));
    }

    @Test
    @TestSecurity(user = "nobody")
    @OidcSecurity(claims = @Claim(key = "email", value = "nobody@" + DOMAIN))
    void showsAUserWithoutMembershipNoMails() {
        given().get("/dev/mails").then().statusCode(200)
                .body(containsString("No mails to nobody@" + DOMAIN + " yet"))
                .body(not(containsString("owner-a@" + DOMAIN)))
                .body(not(containsString(t.a.name)));
    }

    /** Requests a report of the whole scope as the logged-in user; returns the report page's path. */
    private static String requestReport() {
        String location = Csrf.from("/reports/new").form().formParam("scope", "all").post("/reports").then().statusCode(303)
                .extract().header("Location");
        return URI.create(location).getPath();
    }
}
