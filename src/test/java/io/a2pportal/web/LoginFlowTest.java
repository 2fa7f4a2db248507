package io.a2pportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The real authorization code flow against the Docker-free Dev Services login server: a user logs
 * in through its form, sees their numbers, logs out, and must log in again.
 */
@QuarkusTest
class LoginFlowTest {

    private static final Pattern REDIRECT_URI = Pattern.compile("name='redirect_uri' value='([^']+)'");

    @TestHTTPResource("/numbers")
    URI numbers;

    @Inject
    Fixtures fixtures;

    @Test
    void userLogsInThroughTheLoginPageAndLogsOut() throws Exception {
        var parent = fixtures.parent("Login Flow Parent");
        fixtures.member(parent, "flow-user@example.com", Role.OWNER);
        String number = fixtures.numbers(parent, null, RegistrationStatus.REGISTERED, 1).get(0);

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(numbers).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(loginPage.body().contains("custom-form"), "the login page is shown first");

        HttpResponse<String> afterLogin = submitCustomLogin(browser, loginPage, "flow-user");
        assertEquals(200, afterLogin.statusCode());
        assertTrue(afterLogin.body().contains("Login Flow Parent"), afterLogin.body());
        assertTrue(afterLogin.body().contains(number));
        assertTrue(afterLogin.body().contains("flow-user@example.com"));

        HttpResponse<String> signedOut = browser.send(HttpRequest.newBuilder(numbers.resolve("/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(signedOut.body().contains("You are signed out"), signedOut.body());

        HttpResponse<String> again = browser.send(HttpRequest.newBuilder(numbers).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(again.body().contains("custom-form"), "after logging out the numbers need a new login");
        assertTrue(!again.body().contains(number));
    }

    private static HttpResponse<String> submitCustomLogin(HttpClient browser, HttpResponse<String> loginPage, String user)
            throws IOException, InterruptedException {
        Matcher matcher = REDIRECT_URI.matcher(loginPage.body());
        assertTrue(matcher.find());
        String form = "redirect_uri=" + enc(matcher.group(1)) + "&response_type=code&client_id=quarkus-app"
                + "&scope=" + enc("openid email profile") + "&name=" + enc(user) + "&roles=user&login=";
        URI action = loginPage.uri().resolve("/login");
        return browser.send(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
