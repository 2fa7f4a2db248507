package io.a2pportal.troubleshooting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * The scope's counts (troubleshooting summary, needs-attention counts) are kept between pages, and
 * each write of the tree's numbers, brands, campaigns or services shows on the next page.
 */
@QuarkusTest
class CountsFollowTheTreeTest {

    static final String DOMAIN = "counts-follow.test";

    @Inject
    Fixtures fixtures;

    private static void summaryShows(String... texts) {
        var body = given().get("/troubleshooting").then().statusCode(200);
        for (String text : texts) {
            body.body(containsString(text));
        }
    }

    private static void attentionPageShows(String text) {
        given().get("/numbers?attention=1").then().statusCode(200).body(containsString(text));
    }

    private List<String> sql(String statement, Object... parameters) {
        return fixtures.rows(statement, parameters);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void everyWriteOfTheTreeShowsOnTheNextPage() {
        AdviceData d = new AdviceData(fixtures, DOMAIN);
        summaryShows("23 numbers", "13 need attention");
        attentionPageShows("13 numbers matching the filters");
        // the same page again is counted from what was kept, and still says the same
        summaryShows("23 numbers", "13 need attention");

        // a number's status: a registered number fails
        sql("update phone_number set status = 'FAILURE' where e164 = ? returning id", d.registered.get(0));
        summaryShows("23 numbers", "14 need attention");
        attentionPageShows("14 numbers matching the filters");

        // a brand's status: the blocked subaccount's brand is approved, its six numbers wait for their campaign
        sql("update brand set status = 'APPROVED' where account_id = ? returning id", d.blocked.id);
        summaryShows("23 numbers", "8 need attention");
        attentionPageShows("8 numbers matching the filters");

        // a campaign's status: the blocked subaccount's campaign fails, and its six numbers need action again
        sql("update campaign set status = 'FAILED' where account_id = ? and status = 'IN_PROGRESS' returning id", d.blocked.id);
        summaryShows("14 need attention");

        // a new number, and a number deleted
        fixtures.numbers(d.a, null, RegistrationStatus.UNREGISTERED, 1);
        summaryShows("24 numbers", "15 need attention");
        sql("delete from phone_number where e164 = ? returning id", d.noCampaign.get(0));
        summaryShows("23 numbers", "14 need attention");
    }

    @Test
    void everyServiceCountIsItsPoolSize() {
        Account tree = fixtures.parent("Service Counts " + DOMAIN);
        MessagingService first = fixtures.service(tree, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        MessagingService second = fixtures.service(tree, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        List<String> numbers = fixtures.numbers(tree, first, RegistrationStatus.REGISTERED, 3);
        fixtures.numbers(tree, second, RegistrationStatus.PENDING_REGISTRATION, 2);
        assertEquals(List.of("3", "2"), poolSizes(first, second));

        // a number moved from one service to the other, one deleted, one taken out of its service
        sql("update phone_number set messaging_service_id = ? where e164 = ? returning id", second.id, numbers.get(0));
        sql("delete from phone_number where e164 = ? returning id", numbers.get(1));
        sql("update phone_number set messaging_service_id = null, joined_service_at = null where e164 = ? returning id",
                numbers.get(2));
        assertEquals(List.of("0", "3"), poolSizes(first, second));
    }

    private List<String> poolSizes(MessagingService... services) {
        return java.util.Arrays.stream(services)
                .map(s -> sql("select coalesce((select count from service_number_count where messaging_service_id = ?), 0)", s.id)
                        .get(0))
                .toList();
    }
}
