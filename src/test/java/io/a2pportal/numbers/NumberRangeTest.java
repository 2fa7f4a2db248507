package io.a2pportal.numbers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.Pages;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * The count above the table and the range beside the pager are of the numbers every filter
 * matches, the status included (10 numbers per page in tests).
 */
@QuarkusTest
class NumberRangeTest {

    static final String DOMAIN = "range.test";
    static List<String> registered;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (registered == null) {
            registered = new ArrayList<>(t.aNumbers);
            registered.addAll(fixtures.numbers(t.a, fixtures.service(t.a, BrandType.STANDARD, false, CampaignStatus.VERIFIED),
                    RegistrationStatus.REGISTERED, 20));
        }
    }

    private static String page(String path) {
        return given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString();
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aStatusFilterCountsOnlyThatStatusPageByPage() {
        String first = page("/numbers?status=REGISTERED");
        assertEquals(registered.subList(0, 10), Pages.numbersOn(first));
        given().get("/numbers?status=REGISTERED").then()
                .body(containsString("25 numbers matching the filters."), containsString("1\u201310 of 25"));

        String second = page(Pages.nextLink(first));
        assertEquals(registered.subList(10, 20), Pages.numbersOn(second));
        assertTrue(second.contains("11\u201320 of 25"), "the second page's range");

        String third = page(Pages.nextLink(second));
        assertEquals(registered.subList(20, 25), Pages.numbersOn(third));
        assertTrue(third.contains("21\u201325 of 25"), "the last page's range");

        String back = page(previousLink(third));
        assertEquals(registered.subList(10, 20), Pages.numbersOn(back));
        assertTrue(back.contains("11\u201320 of 25"), "the second page again, reached backwards");

        String bareCursor = page("/numbers?status=REGISTERED&after=" + registered.get(9).replace("+", "%2B"));
        assertTrue(bareCursor.contains("11\u201320 of 25"), "a cursor without a position still places the page");
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aStatusNoNumberOfTheScopeHasCountsNone() {
        // tenant B's tree holds UNREGISTERED numbers; A's holds none
        given().get("/numbers?status=UNREGISTERED").then().statusCode(200)
                .body(containsString("0 numbers matching the filters."), containsString("No numbers match these filters."),
                        not(containsString(" of 0")));
        given().queryParam("status", "FAILURE").queryParam("account", t.a1.sid).get("/numbers").then().statusCode(200)
                .body(containsString("0 numbers matching the filters."), containsString("No numbers match these filters."));
        given().queryParam("status", "FAILURE").queryParam("account", t.a2.sid).get("/numbers").then().statusCode(200)
                .body(containsString("3 numbers matching the filters."), containsString("1\u20133 of 3"));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void theOtherTenantCountsItsOwnNumbers() {
        given().get("/numbers?status=UNREGISTERED").then().statusCode(200)
                .body(containsString("6 numbers matching the filters."), containsString("1\u20136 of 6"));
        given().get("/numbers?status=REGISTERED").then().statusCode(200)
                .body(containsString("0 numbers matching the filters."));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aMalformedPositionGetsAClearMessage() {
        given().get("/numbers?status=REGISTERED&from=zero").then().statusCode(400)
                .body(containsString("The page position (from) is a whole number from 1 on"));
    }

    private static String previousLink(String html) {
        Matcher matcher = Pattern.compile("<a rel=\"prev\" href=\"([^\"]+)\"").matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no previous link");
        }
        return matcher.group(1).replace("&amp;", "&");
    }
}
