package io.a2pportal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Layout-wide behaviour: login, headers, error pages, the no-membership page, switching scope. */
@QuarkusTest
class WebTest {

    static final String TWO_HATS = "two-hats@web.test";
    static Account first;
    static Account second;
    static Membership secondMembership;
    static String secondNumber;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (first == null) {
            first = fixtures.parent("Aardvark Web Parent");
            second = fixtures.parent("Zebra Web Parent");
            fixtures.member(first, TWO_HATS, Role.OWNER);
            secondMembership = fixtures.member(second, TWO_HATS, Role.MEMBER);
            fixtures.numbers(first, null, RegistrationStatus.REGISTERED, 2);
            secondNumber = fixtures.numbers(second, null, RegistrationStatus.UNREGISTERED, 1).get(0);
        }
    }

    @Test
    void anonymousVisitorsAreSentToLogIn() {
        given().redirects().follow(false).get("/numbers").then().statusCode(302)
                .header("Location", containsString("/authorize"));
        given().get("/signed-out").then().statusCode(200).body(containsString("You are signed out"),
                containsString("<link rel=\"icon\" href=\"/static/favicon.svg\""));
        // the icon the pages name is served to anyone, so that a browser asking for it never starts a login
        given().redirects().follow(false).get("/static/favicon.svg").then().statusCode(200)
                .contentType(containsString("image/svg+xml"));
    }

    @Test
    @TestSecurity(user = "someone")
    @OidcSecurity(claims = @Claim(key = "email", value = "nobody-invited@web.test"))
    void userWithoutMembershipGetsAnExplanation() {
        given().get("/numbers").then().statusCode(200)
                .body(containsString("You are logged in, but not a member of any account yet"),
                        containsString("nobody-invited@web.test"));
        given().get("/accounts").then().statusCode(200).body(containsString("not a member of any account"));
    }

    @Test
    @TestSecurity(user = "someone")
    @OidcSecurity(claims = { @Claim(key = "email", value = TWO_HATS), @Claim(key = "email_verified", value = "false") })
    void anUnverifiedEmailGrantsNothing() {
        given().get("/numbers").then().statusCode(200).body(containsString("not a member of any account"));
    }

    @Test
    @TestSecurity(user = "two-hats")
    @OidcSecurity(claims = @Claim(key = "email", value = TWO_HATS))
    void pagesCarrySecurityHeadersAndFriendlyErrors() {
        given().get("/numbers").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("same-origin"));
        given().get("/no/such/page").then().statusCode(404)
                .body(containsString("Not found"), not(containsString("Exception")), not(containsString("at io.")));
    }

    @Test
    @TestSecurity(user = "two-hats")
    @OidcSecurity(claims = @Claim(key = "email", value = TWO_HATS))
    void userWithTwoMembershipsSwitchesBetweenThem() {
        given().get("/numbers").then().statusCode(200)
                .body(containsString("Aardvark Web Parent"), not(containsString(secondNumber)), containsString("Switch"));
        Csrf csrf = Csrf.from("/numbers");
        String scope = csrf.form().formParam("membership", secondMembership.id).post("/scope").then().statusCode(303)
                .extract().cookie("portal-scope");
        given().cookie("portal-scope", scope).get("/numbers").then().statusCode(200)
                .body(containsString(secondNumber), containsString("selected>Zebra Web Parent (Member)"));
        given().cookie("portal-scope", "999999999").get("/numbers").then().statusCode(200)
                .body(not(containsString(secondNumber)));
    }

    @Test
    @TestSecurity(user = "two-hats")
    @OidcSecurity(claims = @Claim(key = "email", value = TWO_HATS))
    void switchingToSomeoneElsesMembershipIsNotFound() {
        Membership stranger = fixtures.member(fixtures.parent("Stranger Parent"), "stranger@web.test", Role.OWNER);
        Csrf.from("/numbers").form().formParam("membership", stranger.id).post("/scope").then().statusCode(404);
    }
}
