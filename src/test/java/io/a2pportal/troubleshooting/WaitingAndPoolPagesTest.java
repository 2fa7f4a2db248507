package io.a2pportal.troubleshooting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.PhoneNumber;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.Pages;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * What the pages say of a number that took a waiting status long after joining its service, of a
 * number under a blocked brand whose campaign is in review, and of a service over its pool limit.
 */
@QuarkusTest
class WaitingAndPoolPagesTest {

    static final String DOMAIN = "waiting-pool.test";
    static String justPending;
    static String longPending;
    static String blockedInReview;
    static List<String> overfull;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (justPending != null) {
            return;
        }
        Instant now = Instant.now();
        var service = fixtures.service(t.a, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        justPending = fixtures.numbers(t.a, service, RegistrationStatus.PENDING_REGISTRATION, 1, now.minus(Duration.ofDays(30)))
                .get(0);
        statusChanged(justPending, now.minus(Duration.ofMinutes(5)));
        longPending = fixtures.numbers(t.a, service, RegistrationStatus.PENDING_REGISTRATION, 1, now.minus(Duration.ofDays(30)))
                .get(0);
        statusChanged(longPending, now.minus(Duration.ofDays(15)));
        blockedInReview = fixtures.numbers(t.a, fixtures.service(t.a, BrandType.STANDARD, false, CampaignStatus.IN_PROGRESS,
                BrandStatus.FAILED), RegistrationStatus.UNREGISTERED, 1, now.minus(Duration.ofDays(3))).get(0);
        overfull = fixtures.numbers(t.a1, fixtures.service(t.a1, BrandType.STANDARD, false, CampaignStatus.VERIFIED),
                RegistrationStatus.REGISTERED, 461);
    }

    private static void statusChanged(String e164, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> PhoneNumber.update("statusChangedAt = ?1 where e164 = ?2", at, e164));
    }

    private ValidatableResponse numberPage(String e164) {
        return given().get("/numbers/" + fixtures.numberSid(e164)).then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aNumberPendingForMinutesIsWaitingHoweverLongAgoItJoined() {
        numberPage(justPending).body(containsString("In Pending registration for 0 days"),
                containsString("Registration under way"), containsString("30 days ago"),
                containsString("has been PENDING_REGISTRATION since"), containsString("14 days of the normal two weeks remain"),
                not(containsString("Registration overdue")), not(containsString("badge-severity-act")));
        numberPage(longPending).body(containsString("In Pending registration for 15 days"),
                containsString("Registration overdue"), containsString("15 days ago"));
        List<String> attention = Pages.allNumbers("/numbers?attention=1&account=" + t.a.sid);
        assertEquals(List.of(longPending, blockedInReview), attention, "only the number pending for two weeks is overdue");
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aNumberUnderABlockedBrandIsNotAlsoToldItRegistersOnItsOwn() {
        numberPage(blockedInReview).body(containsString("Brand blocked"), containsString("failed registration"),
                not(containsString("Campaign not verified yet")), not(containsString("it registers on its own")),
                not(containsString("badge-severity-wait")));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aServiceOverItsPoolLimitIsAProblemToActOn() {
        numberPage(overfull.get(0)).body(containsString("Messaging service over its 400-number limit"),
                containsString("holds 461 numbers, 61 over the limit of 400"), containsString("badge-severity-act"),
                not(containsString("near its 400-number limit")), not(containsString("badge-severity-fine")));
        given().queryParam("attention", "1").queryParam("account", t.a1.sid).get("/numbers").then().statusCode(200)
                .body(containsString("461 numbers matching the filters"));
        given().get("/troubleshooting").then().statusCode(200)
                .body(containsString("Messaging service over its 400-number limit"), not(containsString(t.b.name)));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantSeesNoneOfIt() {
        given().get("/numbers/" + fixtures.numberSid(overfull.get(0))).then().statusCode(404)
                .body(not(containsString("over its 400-number limit")));
        given().get("/numbers/" + fixtures.numberSid(justPending)).then().statusCode(404);
        given().get("/troubleshooting").then().statusCode(200)
                .body(not(containsString("Messaging service over its 400-number limit")), not(containsString(t.a.name)));
        assertEquals(t.bNumbers, Pages.allNumbers("/numbers?attention=1"), "B's numbers in no service, and nothing of A's");
    }
}
