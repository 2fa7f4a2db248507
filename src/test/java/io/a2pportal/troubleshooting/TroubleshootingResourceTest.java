package io.a2pportal.troubleshooting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The troubleshooting summary: numbers per diagnosis and the accounts to work on first, per scope. */
@QuarkusTest
class TroubleshootingResourceTest {

    static final String DOMAIN = "troubleshooting.test";
    static AdviceData d;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (d == null) {
            d = new AdviceData(fixtures, DOMAIN);
        }
    }

    private static void assertRuleCount(String page, String title, int count) {
        Pattern row = Pattern.compile("<th scope=\"row\">" + Pattern.quote(title) + "</th>\\s*<td class=\"count\">" + count
                + "</td>");
        assertTrue(row.matcher(page).find(), () -> title + ": " + count + " expected in " + page);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerSeesCountsPerDiagnosisAndTheSubaccountsToWorkOnFirst() {
        String page = given().get("/troubleshooting").then().statusCode(200)
                .body(containsString("23 numbers"), containsString("13 need attention"), containsString("6 waiting"),
                        containsString("href=\"/numbers?attention=1\""), not(containsString(d.b.name)))
                .extract().asString();
        assertRuleCount(page, "Registration failed", 1);
        assertRuleCount(page, "Brand blocked", 6);
        assertRuleCount(page, "No campaign", 2);
        assertRuleCount(page, "Extra number in a Sole Proprietor service", 2);
        assertRuleCount(page, "Registration overdue", 2);
        // the numbers under the failed brand are told to act on it, not to wait for their campaign
        assertRuleCount(page, "Campaign not verified yet", 2);
        assertRuleCount(page, "Registration under way", 2);
        assertRuleCount(page, "Deregistration under way", 2);
        assertRuleCount(page, "The Sole Proprietor service&#39;s one registered number", 1);

        int blocked = page.indexOf(d.blocked.name);
        int parent = page.indexOf(d.a.name + "</a> <span class=\"muted\">(parent)");
        int sole = page.indexOf(d.soleProprietor.name);
        int moving = page.indexOf(d.moving.name);
        assertTrue(0 < blocked && blocked < parent && parent < sole && sole < moving,
                "6 to act on, then 5, then 2, then none (2 waiting)");
        assertTrue(page.contains("href=\"/numbers?account=" + d.blocked.sid + "&amp;attention=1\""));
    }

    @Test
    @TestSecurity(user = "member-sole")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-sole@" + DOMAIN))
    void subaccountMemberSeesTheirSubaccountAlone() {
        String page = given().get("/troubleshooting").then().statusCode(200)
                .body(containsString("3 numbers"), containsString("2 need attention"), containsString("this subaccount"),
                        not(containsString("Accounts to work on first")), not(containsString("Brand blocked")))
                .extract().asString();
        assertRuleCount(page, "Extra number in a Sole Proprietor service", 2);
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantSeesOnlyItsOwnNumbers() {
        String page = given().get("/troubleshooting").then().statusCode(200)
                .body(containsString("2 numbers"), containsString("2 need attention"), not(containsString(d.a.name)),
                        not(containsString("Extra number")))
                .extract().asString();
        assertRuleCount(page, "Registration failed", 2);
    }
}
