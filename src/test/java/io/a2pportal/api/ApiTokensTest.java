package io.a2pportal.api;

import static io.a2pportal.api.ApiTestTokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.Role;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Tokens made on their page, shown once, listed, revoked and audited; what a request with a bad token gets. */
@QuarkusTest
class ApiTokensTest {

    static final String DOMAIN = "api-tokens.test";
    static final Pattern SECRET = Pattern.compile("<code>(a2p_[A-Za-z0-9_-]{43})</code>");

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ApiTestTokens tokens;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aTokenMadeOnThePageIsShownOnceWorksUntilRevokedAndEveryChangeIsAudited() {
        String page = Csrf.from("/tokens").form().formParam("name", "CI reports").formParam("days", "90")
                .formParam("access", "read-write").post("/tokens").then().statusCode(200)
                .header("Cache-Control", "no-store").body(containsString("it will not be shown again")).extract().asString();
        Matcher matcher = SECRET.matcher(page);
        assertTrue(matcher.find(), "the new token is on the page");
        String secret = matcher.group(1);

        as(secret).get("/api/v1/counts").then().statusCode(200).body("total", equalTo(12));
        // the login's session is no credential for the API
        given().redirects().follow(false).get("/api/v1/counts").then().statusCode(401).contentType("application/problem+json");
        given().get("/tokens").then().statusCode(200).body(containsString("CI reports"))
                .body(containsString(secret.substring(0, 10) + "…")).body(not(containsString(secret)))
                .body(not(containsString(">never<")));
        given().get("/accounts/audit").then().body(containsString("Created API token “CI reports” (" + secret.substring(0, 10)));

        long id = QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>find("secretHash",
                io.a2pportal.secrets.SecretBox.hash(secret)).firstResult().id);
        Csrf.from("/tokens").form().post("/tokens/" + id + "/revoke").then().statusCode(303);
        as(secret).get("/api/v1/counts").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
        given().get("/tokens").then().body(containsString("Revoked"));
        given().get("/accounts/audit").then().body(containsString("Revoked API token “CI reports”"));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theFormRefusesABadExpiryAndNeedsItsCsrfToken() {
        Csrf.from("/tokens").form().formParam("name", "x").formParam("days", "7").formParam("access", "read-only")
                .post("/tokens").then().statusCode(400).body(containsString("Choose an expiry of 30, 90 or 365 days."));
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("name", "x")
                .formParam("days", "30").formParam("access", "read-only").post("/tokens").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aPageStillTakesChangesOnlyAsFormsWithTheirToken() {
        // the API's bodies pass the CSRF check; a page's change that is no form does not
        long member = fixtures.member(t.a2, "stays@" + DOMAIN, Role.MEMBER).id;
        given().redirects().follow(false).contentType("text/plain").body("x").post("/accounts/members/" + member + "/remove")
                .then().statusCode(400);
        assertEquals("stays@" + DOMAIN, fixtures.membershipOf("stays@" + DOMAIN).email);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void anotherUsersTokenCannotBeRevokedNorSeen() {
        String theirs = tokens.readWrite(fixtures.membershipOf("owner-b@" + DOMAIN));
        long id = QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>find("secretHash",
                io.a2pportal.secrets.SecretBox.hash(theirs)).firstResult().id);
        Csrf.from("/tokens").form().post("/tokens/" + id + "/revoke").then().statusCode(404);
        given().get("/tokens").then().statusCode(200).body(not(containsString(theirs.substring(0, 10))));
        as(theirs).get("/api/v1/counts").then().statusCode(200);
    }

    @Test
    void anUnknownApiPathIsProblemDetailsToo() {
        String token = tokens.readOnly(fixtures.membershipOf("owner-a@" + DOMAIN));
        as(token).get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aRequestWithoutAValidTokenGetsProblemDetailsNeverTheLogin() {
        given().redirects().follow(false).get("/api/v1/counts").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("Authorization: Bearer"));
        as("a2p_" + "x".repeat(43)).get("/api/v1/numbers").then().statusCode(401).contentType("application/problem+json");
        as("not-a-token").contentType("application/json").body("{}").post("/api/v1/reports").then().statusCode(401);
    }

    @Test
    void anExpiredTokenStopsWorking() {
        String token = tokens.readOnly(fixtures.membershipOf("owner-a@" + DOMAIN));
        as(token).get("/api/v1/counts").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> ApiToken.update("expiresAt = ?1 where secretHash = ?2",
                java.time.Instant.now().minusSeconds(1), io.a2pportal.secrets.SecretBox.hash(token)));
        as(token).get("/api/v1/counts").then().statusCode(401).body("detail", containsString("expired"));
    }

    @Test
    void aTokenStopsWorkingWhenItsMembershipEnds() {
        Membership temporary = fixtures.member(t.a2, "leaver@" + DOMAIN, Role.MEMBER);
        String token = tokens.readWrite(temporary);
        // the member's scope: A2 alone, 3 numbers
        as(token).get("/api/v1/counts").then().statusCode(200).body("total", equalTo(3));
        fixtures.removeMemberships("leaver@" + DOMAIN);
        as(token).get("/api/v1/counts").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenSeesItsCreatorsScopeAlone() {
        as(tokens.readOnly(fixtures.membershipOf("member-a1@" + DOMAIN))).get("/api/v1/counts").then().statusCode(200)
                .body("total", equalTo(4));
        as(tokens.readOnly(fixtures.membershipOf("owner-b@" + DOMAIN))).get("/api/v1/counts").then().statusCode(200)
                .body("total", equalTo(8));
    }

    @Test
    void aReadOnlyTokenCannotChangeAnything() {
        String token = tokens.readOnly(fixtures.membershipOf("owner-a@" + DOMAIN));
        as(token).contentType("application/json").body("{}").post("/api/v1/reports").then().statusCode(403)
                .contentType("application/problem+json").body("title", equalTo("Read-only token"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> io.a2pportal.reports.Report
                .count("rootAccount.id = ?1", t.a.id)));
    }
}
