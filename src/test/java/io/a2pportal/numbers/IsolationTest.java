package io.a2pportal.numbers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.Pages;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** No user sees a number, count or page of a tenant outside their scope; such requests answer 404. */
@QuarkusTest
class IsolationTest {

    static final String DOMAIN = "isolation.test";

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerSeesTheWholeTreeAndNothingElse() {
        List<String> expected = new ArrayList<>(t.aNumbers);
        expected.addAll(t.a1Numbers);
        expected.addAll(t.a2Numbers);
        Collections.sort(expected);
        assertEquals(expected, Pages.allNumbers("/numbers"));
        String page = given().get("/numbers").then().statusCode(200).extract().asString();
        assertTrue(page.contains("12 numbers"), "total of A's tree");
        assertFalse(page.contains(t.b.name), "B is not offered as a filter");
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerCannotReachAnotherTenantByFilterOrUrl() {
        given().get("/numbers?account=" + t.b.sid).then().statusCode(404).body(containsString("Not found"));
        given().get("/numbers?account=" + t.b1.sid).then().statusCode(404);
        given().get("/numbers/" + fixtures.numberSid(t.bNumbers.get(0))).then().statusCode(404)
                .body(not(containsString(t.bNumbers.get(0))));
        given().get("/numbers/" + Fixtures.sid("PN")).then().statusCode(404);
        given().get("/numbers/not-a-sid").then().statusCode(404);
        given().get("/numbers?q=" + t.bNumbers.get(0).substring(1)).then().statusCode(200)
                .body(containsString("No numbers match"), containsString("0 numbers"));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void subaccountMemberSeesThatSubaccountAlone() {
        String page = given().get("/numbers").then().statusCode(200).extract().asString();
        for (String n : t.a1Numbers) {
            assertTrue(page.contains(n), n);
        }
        for (String n : t.aNumbers) {
            assertFalse(page.contains(n), n);
        }
        for (String n : t.a2Numbers) {
            assertFalse(page.contains(n), n);
        }
        assertTrue(page.contains("4 numbers"));
        assertTrue(page.contains("Pending registration: 4"));
        assertTrue(page.contains("Registered: 0"), "the parent's registered numbers are not counted");
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void subaccountMemberCannotReachParentOrSibling() {
        given().get("/numbers?account=" + t.a.sid).then().statusCode(404);
        given().get("/numbers?account=" + t.a2.sid).then().statusCode(404);
        given().get("/numbers/" + fixtures.numberSid(t.aNumbers.get(0))).then().statusCode(404);
        given().get("/numbers/" + fixtures.numberSid(t.a2Numbers.get(0))).then().statusCode(404);
        given().get("/numbers/" + fixtures.numberSid(t.a1Numbers.get(0))).then().statusCode(200)
                .body(containsString(t.a1Numbers.get(0)));
        given().get("/accounts").then().statusCode(200)
                .body(allOf(containsString(t.a1.name), not(containsString(t.a2.name)), not(containsString(t.b.name))));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void otherParentOwnerSeesOnlyTheirCounts() {
        given().get("/numbers").then().statusCode(200)
                .body(containsString("8 numbers"), containsString("Unregistered: 6"), containsString("Pending deregistration: 2"),
                        containsString("Registered: 0"), not(containsString(t.a.name)), not(containsString(t.aNumbers.get(0))));
        given().get("/numbers?account=" + t.a1.sid).then().statusCode(404);
        given().get("/accounts").then().statusCode(200).body(not(containsString("owner-a@" + DOMAIN)));
        given().get("/accounts/audit").then().statusCode(200).body(not(containsString(t.a.name)));
    }
}
