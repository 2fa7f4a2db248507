package io.a2pportal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;

/** What a browser gets once its session has ended, with the dev login. */
@QuarkusTest
class SessionEndTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String authServerUrl;

    @Test
    void formsMayGoToTheLoginServer() {
        String origin = ContentSecurityPolicy.origin(authServerUrl);
        given().get("/signed-out").then().statusCode(200)
                .header("Content-Security-Policy", containsString("form-action 'self' " + origin + ";"));
    }

    @Test
    void aFormPostedAfterTheEndIsKeptForAfterTheLogin() {
        Response posted = given().redirects().follow(false)
                .cookie("portal-csrf", "token-of-this-browser").cookie(SessionLifetime.SIGNED_IN_COOKIE, "1")
                .header("Referer", "http://localhost/reports/new")
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", "token-of-this-browser").formParam("scope", "AC00000000000000000000000000000001")
                .formParam("status", "REGISTERED").formParam("status", "FAILURE")
                .post("/reports");
        assertEquals(303, posted.statusCode());
        assertEquals("/session-ended?posted=true&then=%2Freports%2Fnew", posted.header("Location"));
        String draft = posted.getCookie(SessionDraft.COOKIE);
        assertEquals(new SessionDraft("/reports", "/reports/new", List.of(
                new SessionDraft.Field("scope", "AC00000000000000000000000000000001"),
                new SessionDraft.Field("status", "REGISTERED"), new SessionDraft.Field("status", "FAILURE"))),
                SessionDraft.decode(draft).orElseThrow());

        given().cookie(SessionDraft.COOKIE, draft).get(posted.header("Location")).then().statusCode(200)
                .body(containsString("Your session has ended"),
                        containsString("A session ends after 30 minutes without activity, and 10 hours after you logged in."),
                        containsString("What you had just sent was not sent."),
                        containsString("href=\"/session-ended/resume\">Log in again"));
    }

    @Test
    void aFormAnotherSiteForgedIsNotKept() {
        Response posted = given().redirects().follow(false).cookie("portal-csrf", "token-of-this-browser")
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", "guessed").formParam("email", "intruder@example.com")
                .post("/accounts/members");
        assertEquals(303, posted.statusCode());
        assertNull(posted.getCookie(SessionDraft.COOKIE));
        given().get(posted.header("Location")).then().statusCode(200)
                .body(containsString("What you had just sent was not sent: log in again and send it once more."),
                        containsString("href=\"/numbers\">Log in again"));
    }

    @Test
    void aPageOfABrowserThatWasLoggedInLogsInAgainAndHearsTheSessionEnded() {
        Response challenge = given().redirects().follow(false).cookie(SessionLifetime.SIGNED_IN_COOKIE, "1").get("/numbers?status=FAILURE");
        challenge.then().statusCode(302).header("Location", containsString("/authorize"));
        assertEquals("Your session had ended (a session ends after 30 minutes without activity, and 10 hours after you logged in),"
                + " so you logged in again.", URLDecoder.decode(challenge.getCookie(Flash.COOKIE), StandardCharsets.UTF_8));
        Response ended = given().queryParam("then", "/numbers?status=FAILURE").get("/session-ended");
        ended.then().statusCode(200).body(containsString("href=\"/numbers?status=FAILURE\">Log in again"));
        assertExpires(ended, SessionLifetime.SIGNED_IN_COOKIE);
        given().queryParam("then", "//elsewhere.example").get("/session-ended").then().statusCode(200)
                .body(containsString("href=\"/numbers\">Log in again"), not(containsString("elsewhere")));
        // a first visit goes straight to the login
        given().redirects().follow(false).get("/numbers").then().statusCode(302).header("Location", containsString("/authorize"));
    }

    @Test
    void htmxLoadsTheWholePageInstead() {
        given().redirects().follow(false).header("HX-Request", "true").header("HX-Current-URL", "http://localhost/numbers")
                .get("/numbers?account=AC1").then().statusCode(401).header("HX-Redirect", equalTo("/numbers?account=AC1"));
        given().redirects().follow(false).header("HX-Request", "true").header("HX-Current-URL", "http://localhost/reports/7")
                .get("/reports/7/status").then().statusCode(401).header("HX-Redirect", equalTo("/reports/7"))
                .header("Location", nullValue());
    }

    @Test
    void logOutWithoutASessionIsSignedOut() {
        given().redirects().follow(false).cookie("portal-csrf", "t").contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", "t").post("/logout").then().statusCode(303).header("Location", equalTo("/signed-out"));
    }

    @Test
    @TestSecurity(user = "someone")
    @OidcSecurity(claims = @Claim(key = "email", value = "someone@session.test"))
    void theKeptFormIsOfferedToSendOnceLoggedIn() {
        String draft = new SessionDraft("/reports", "/reports/new",
                List.of(new SessionDraft.Field("scope", "AC00000000000000000000000000000001"))).encoded();
        Response resume = given().redirects().follow(false).cookie(SessionDraft.COOKIE, draft).get("/session-ended/resume");
        resume.then().statusCode(200)
                .body(containsString("You are logged in again"), containsString("<form method=\"post\" action=\"/reports\""),
                        containsString("<input type=\"hidden\" name=\"scope\" value=\"AC00000000000000000000000000000001\">"),
                        containsString("name=\"csrf-token\""), containsString("href=\"/reports/new\">Back to the form"));
        assertExpires(resume, SessionDraft.COOKIE);
        given().redirects().follow(false).get("/session-ended/resume").then().statusCode(303)
                .header("Location", containsString("/numbers"));
    }

    private static void assertExpires(Response response, String cookie) {
        List<String> setCookies = response.headers().getValues("Set-Cookie");
        assertTrue(setCookies.stream().anyMatch(header -> header.startsWith(cookie + "=") && header.contains("Max-Age=0")),
                setCookies.toString());
    }
}
