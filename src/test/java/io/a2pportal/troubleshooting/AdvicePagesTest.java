package io.a2pportal.troubleshooting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** What the number page and the Active Numbers "needs attention" filter say about each case, within scope. */
@QuarkusTest
class AdvicePagesTest {

    static final String DOMAIN = "advice-pages.test";
    static AdviceData d;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (d == null) {
            d = new AdviceData(fixtures, DOMAIN);
        }
    }

    private ValidatableResponse numberPage(String e164) {
        return given().get("/numbers/" + fixtures.numberSid(e164)).then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void numberPagesNameTheCauseTheRemedyAndTheErrorCode() {
        numberPage(d.registered.get(0)).body(containsString("Registration chain"),
                containsString("Nothing to do: no troubleshooting rule applies"));
        numberPage(d.waiting.get(0)).body(containsString("Registration under way"), containsString("error 30035"),
                containsString("5 days ago"), containsString("9 days of the normal two weeks remain"));
        numberPage(d.overdue.get(0)).body(containsString("Registration overdue"), containsString("19 days ago"),
                containsString("Escalate to support and send the number " + d.overdue.get(0)),
                containsString("badge-severity-act"));
        numberPage(d.failed.get(0)).body(containsString("Registration failed"), containsString("error 30126"),
                containsString("Contact support and send"));
        numberPage(d.inReview.get(0)).body(containsString("Campaign not verified yet"),
                containsString("leaves this number&#39;s Messaging Service SID blank"));
        numberPage(d.noCampaign.get(0)).body(containsString("No campaign"), containsString("error 30034"),
                containsString("in no messaging service"));
        numberPage(d.soleExtras.get(0)).body(containsString("Extra number in a Sole Proprietor service"),
                containsString("error 30125"), containsString(d.soleRegistered + " is the registered one"),
                containsString("remove every number from service"));
        numberPage(d.soleRegistered).body(containsString("one registered number"), containsString("the other 2 numbers"));
        numberPage(d.deregistering.get(0)).body(containsString("Deregistration under way"), containsString("error 30035"),
                containsString("then PENDING_DEREGISTRATION, then UNREGISTERED, then REGISTERED"));
        numberPage(d.brandFailed.get(0)).body(containsString("Brand blocked"), containsString("failed registration"),
                not(containsString("Campaign not verified yet")), not(containsString("it registers on its own")));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void needsAttentionFilterPagesThroughTheNumbersToActOn() {
        assertEquals(d.aNeedingAttention(), Pages.allNumbers("/numbers?attention=1"));
        given().get("/numbers?attention=1").then().statusCode(200)
                .body(containsString("13 numbers matching the filters"), containsString("Showing the numbers that need attention"),
                        containsString("name=\"attention\" type=\"checkbox\" value=\"1\""), containsString("checked"),
                        containsString("Registration overdue"), containsString("Registration failed"),
                        containsString("attention=1&amp;after="), not(containsString(d.waiting.get(0))),
                        not(containsString(d.bFailed.get(0))));
        assertEquals(d.brandFailed, Pages.allNumbers("/numbers?attention=1&account=" + d.blocked.sid));
        assertEquals(d.failed, Pages.allNumbers("/numbers?attention=1&status=FAILURE"));
        assertEquals(List.of(d.overdue.get(1)), Pages.allNumbers("/numbers?attention=1&q=" + d.overdue.get(1).substring(1)));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theTableShowsEachNumbersMostSevereDiagnosis() {
        String page = given().queryParam("account", d.blocked.sid).get("/numbers").then().statusCode(200).extract().asString();
        assertEquals(d.brandFailed, Pages.numbersOn(page));
        assertEquals(6, page.split("#diagnoses\">Brand blocked<").length - 1, "Brand blocked outranks the campaign in review");
        given().queryParam("account", d.a.sid).get("/numbers").then().statusCode(200)
                .body(containsString("nothing to do"), containsString("Registration under way"));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void anotherTenantsNumberDoesNotExist() {
        given().get("/numbers/" + fixtures.numberSid(d.bFailed.get(0))).then().statusCode(404)
                .body(not(containsString(d.bFailed.get(0))), not(containsString("Registration failed")));
        given().get("/numbers?attention=1&account=" + d.b.sid).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "member-sole")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-sole@" + DOMAIN))
    void aSubaccountMemberSeesTheirOwnNumbersOnly() {
        assertEquals(d.soleExtras, Pages.allNumbers("/numbers?attention=1"));
        numberPage(d.soleExtras.get(1)).body(containsString("Extra number in a Sole Proprietor service"));
        given().get("/numbers/" + fixtures.numberSid(d.overdue.get(0))).then().statusCode(404);
        given().get("/numbers?attention=1&account=" + d.blocked.sid).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aMalformedAttentionValueIsAClearError() {
        given().get("/numbers?attention=yes-please").then().statusCode(400)
                .body(containsString("either on (1) or left out"), not(containsString(d.overdue.get(0))));
    }
}
