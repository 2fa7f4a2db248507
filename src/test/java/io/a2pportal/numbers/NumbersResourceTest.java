package io.a2pportal.numbers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The Active Numbers page: what owners and members see, filters, search and keyset pages (10 per page in tests). */
@QuarkusTest
class NumbersResourceTest {

    static final String OWNER = "owner@numbers.test";
    static final String MEMBER = "member@numbers.test";

    static Account parent;
    static Account sub;
    static List<String> registered;
    static List<String> pending;
    static List<String> failed;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (parent != null) {
            return;
        }
        parent = fixtures.parent("Paging Parent");
        sub = fixtures.sub(parent, "Paging Sub");
        fixtures.member(parent, OWNER, Role.OWNER);
        fixtures.member(sub, MEMBER, Role.MEMBER);
        var service = fixtures.service(parent, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        registered = fixtures.numbers(parent, service, RegistrationStatus.REGISTERED, 12);
        pending = fixtures.numbers(parent, service, RegistrationStatus.PENDING_REGISTRATION, 8);
        failed = fixtures.numbers(sub, fixtures.service(sub, BrandType.SOLE_PROPRIETOR, false, CampaignStatus.VERIFIED),
                RegistrationStatus.FAILURE, 5);
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(registered);
        all.addAll(pending);
        all.addAll(failed);
        return all;
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void ownerPageShowsTableChartGlossaryAndReportLink() {
        given().get("/numbers").then().statusCode(200)
                .body(containsString("Active numbers"), containsString("Paging Parent"), containsString("25 numbers"),
                        containsString("href=\"/reports/new\">Request CSV Report"),
                        containsString("Numbers by status"), containsString("Registered: 12"),
                        containsString("Pending registration: 8"), containsString("Failure: 5"),
                        containsString("What the statuses mean"),
                        containsString("Contact support with the number and campaign."),
                        containsString(registered.get(0)), containsString("STANDARD"));
    }

    @Test
    @TestSecurity(user = "member")
    @OidcSecurity(claims = @Claim(key = "email", value = MEMBER))
    void memberPageShowsTheirSubaccountsNumbers() {
        assertEquals(failed, Pages.allNumbers("/numbers"));
        given().get("/numbers").then().statusCode(200)
                .body(containsString("Paging Sub"), containsString("5 numbers"), containsString("SOLE_PROPRIETOR"),
                        not(containsString(registered.get(0))), not(containsString("id=\"f-account\"")));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void pagesWalkEveryNumberOnceInOrder() {
        String first = given().get("/numbers").then().statusCode(200).extract().asString();
        assertEquals(all().subList(0, 10), Pages.numbersOn(first));
        assertTrue(!first.contains("rel=\"prev\""), "the first page has no previous link");

        String second = given().urlEncodingEnabled(false).get(Pages.nextLink(first)).then().statusCode(200).extract().asString();
        assertEquals(all().subList(10, 20), Pages.numbersOn(second));
        assertTrue(second.contains("rel=\"prev\""));

        String third = given().urlEncodingEnabled(false).get(Pages.nextLink(second)).then().statusCode(200).extract().asString();
        assertEquals(all().subList(20, 25), Pages.numbersOn(third));
        assertNull(Pages.nextLink(third), "the last page has no next link");

        String back = given().queryParam("before", all().get(20)).get("/numbers").then().statusCode(200).extract().asString();
        assertEquals(all().subList(10, 20), Pages.numbersOn(back), "previous from the third page is the second page");
        String backToFirst = given().queryParam("before", all().get(10)).get("/numbers").then().statusCode(200).extract()
                .asString();
        assertEquals(all().subList(0, 10), Pages.numbersOn(backToFirst));
        assertTrue(!backToFirst.contains("rel=\"prev\""));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void exactlyTwoFullPagesEndWithoutAnEmptyThird() {
        String path = "/numbers?account=" + parent.sid;
        List<String> expected = new ArrayList<>(registered);
        expected.addAll(pending);
        assertEquals(expected, Pages.allNumbers(path));
        String second = given().queryParam("account", parent.sid).queryParam("after", expected.get(9)).get("/numbers")
                .then().statusCode(200).extract().asString();
        assertEquals(expected.subList(10, 20), Pages.numbersOn(second));
        assertNull(Pages.nextLink(second));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void filtersBySubaccountStatusAndSearch() {
        assertEquals(failed, Pages.allNumbers("/numbers?account=" + sub.sid));
        assertEquals(registered, Pages.allNumbers("/numbers?status=REGISTERED"));
        assertEquals(pending, Pages.allNumbers("/numbers?status=PENDING_REGISTRATION&account=" + parent.sid));
        assertEquals(List.of(), Pages.allNumbers("/numbers?status=REGISTERED&account=" + sub.sid));

        String target = pending.get(3);
        assertEquals(List.of(target), Pages.allNumbers("/numbers?q=" + target.substring(1)));
        String formatted = "(" + target.substring(2, 5) + ") " + target.substring(5, 8) + "-" + target.substring(8);
        given().queryParam("q", formatted).get("/numbers").then().statusCode(200).body(containsString(target), containsString("1 number"));
    }

    /** The account filter offers the tree's accounts, the parent first and marked, the filtered one selected. */
    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void accountFilterOffersTheTreesAccountsWithTheChosenOneSelected() {
        String page = given().queryParam("account", sub.sid).get("/numbers").then().statusCode(200).extract().asString();
        String parentOption = "<option value=\"" + parent.sid + "\" >Paging Parent (parent)</option>";
        String subOption = "<option value=\"" + sub.sid + "\" selected>Paging Sub</option>";
        assertTrue(page.contains(parentOption), page);
        assertTrue(page.contains(subOption), page);
        assertTrue(page.indexOf(parentOption) < page.indexOf(subOption), "the parent account comes first");
        assertTrue(page.contains("(2 accounts)"), page);
    }

    /** The chart's links to one status keep the subaccount and attention filters of the page. */
    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void statusLinksOfTheChartKeepTheOtherFilters() {
        String page = given().queryParam("account", sub.sid).queryParam("attention", "1").get("/numbers").then().statusCode(200)
                .extract().asString();
        assertTrue(page.contains("href=\"/numbers?status=FAILURE&amp;account=" + sub.sid + "&amp;attention=1\""), page);
        String plain = given().get("/numbers").then().statusCode(200).extract().asString();
        assertTrue(plain.contains("href=\"/numbers?status=FAILURE\""), plain);
    }

    /**
     * The account filter's options are kept between pages, but a subaccount added or renamed since the
     * last page is on the next one, under its new name.
     */
    @Test
    @TestSecurity(user = "renamer")
    @OidcSecurity(claims = @Claim(key = "email", value = "renamer@numbers.test"))
    void accountFilterShowsAccountsAddedAndRenamedSinceTheLastPage() {
        Account tree = fixtures.ownedTree("Renaming Parent", "renamer@numbers.test");
        Account first = fixtures.sub(tree, "Before Rename");
        String before = given().get("/numbers").then().statusCode(200).extract().asString();
        assertTrue(before.contains(">Before Rename</option>"), before);

        fixtures.rename(first, "After Rename");
        Account added = fixtures.sub(tree, "Added Later");
        String after = given().get("/numbers").then().statusCode(200).extract().asString();
        assertTrue(after.contains("<option value=\"" + first.sid + "\" >After Rename</option>"), after);
        assertTrue(after.contains("<option value=\"" + added.sid + "\" >Added Later</option>"), after);
        assertTrue(!after.contains("Before Rename"), after);
        assertTrue(after.contains("(3 accounts)"), after);
    }

    /**
     * Digits from the middle of a number find every number of the tree that contains them, and no
     * other tenant's (whose numbers end in the same digits); so do two digits, fewer than the
     * trigram index looks up.
     */
    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void searchFindsDigitsInTheMiddleOfTheTreesNumbers() {
        String target = pending.get(3);
        String middle = target.substring(5, target.length() - 1);
        List<String> expected = all().stream().filter(e164 -> e164.contains(middle)).sorted().toList();
        assertTrue(expected.size() > 1 && expected.size() < all().size(), expected + " for " + middle);
        assertEquals(expected, Pages.allNumbers("/numbers?q=" + middle));
        given().queryParam("q", middle).get("/numbers").then().statusCode(200)
                .body(containsString(expected.size() + " numbers matching the filters"));

        String two = target.substring(target.length() - 2);
        assertEquals(all().stream().filter(e164 -> e164.contains(two)).sorted().toList(), Pages.allNumbers("/numbers?q=" + two));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void invalidFiltersGetAClearMessage() {
        given().queryParam("status", "BOGUS").get("/numbers").then().statusCode(400)
                .body(containsString("Unknown status"), containsString("PENDING_REGISTRATION"), not(containsString(registered.get(0))));
        given().queryParam("account", "AC123").get("/numbers").then().statusCode(400)
                .body(containsString("An account SID must be AC followed by 32 lowercase hexadecimal characters"));
        given().queryParam("after", "12345").get("/numbers").then().statusCode(400)
                .body(containsString("E.164"));
        given().queryParam("q", "<script>").get("/numbers").then().statusCode(400)
                .body(containsString("Search by the digits of a phone number"), not(containsString("<script>")));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void numberPageShowsItsChain() {
        given().get("/numbers/" + fixtures.numberSid(failed.get(0))).then().statusCode(200)
                .body(containsString(failed.get(0)), containsString("Registration chain"), containsString("Paging Sub"),
                        containsString("SOLE_PROPRIETOR"), containsString("error 30126"));
    }
}
