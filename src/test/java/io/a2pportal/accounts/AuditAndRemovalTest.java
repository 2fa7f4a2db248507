package io.a2pportal.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.reports.ReportRequests;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The audit log tells who uploaded, requested or tried what, within the tenant; a subaccount SID of
 * another tenant is refused without saying so; removing a member takes a confirmation step.
 */
@QuarkusTest
class AuditAndRemovalTest {

    static final String DOMAIN = "audit.test";
    static final String HEADER = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n";
    static long bReport;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRequests requests;

    @BeforeEach
    void data() {
        if (bReport == 0) {
            TenantScope b = new TenantScope(t.b, Role.OWNER, t.b.rootId, null);
            bReport = requests.request(b, "owner-b@" + DOMAIN, "owner-b@" + DOMAIN, null, List.of(), false).id;
        }
    }

    private static String audit() {
        return given().get("/accounts/audit").then().statusCode(200).extract().asString();
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aSubaccountSidOfAnotherTenantIsRefusedWithoutSayingWhyAndTheAttemptIsAudited() {
        long accounts = fixtures.accountCount();
        for (Account theirs : new Account[] { t.b, t.b1 }) {
            String page = Csrf.from("/accounts").form().formParam("sid", theirs.sid).formParam("name", "Borrowed")
                    .post("/accounts/subaccounts").then().statusCode(400).extract().asString();
            assertTrue(page.contains("Nothing was changed."), page);
            assertTrue(page.contains("The SID " + theirs.sid + " cannot be added as a subaccount."), page);
            assertFalse(page.contains("already exists"), "does not say that the SID exists");
            assertFalse(page.contains(theirs.name), "does not name the other tenant's account");
        }
        assertEquals(accounts, fixtures.accountCount());
        String log = audit();
        assertTrue(log.contains("Refused to add subaccount Borrowed (" + t.b.sid + "): the SID cannot be added"), log);
        assertTrue(log.contains("Refused to add subaccount Borrowed (" + t.b1.sid + ")"), log);
        assertFalse(log.contains(t.b.name), log);
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void theOtherTenantsLogHoldsItsOwnEntriesOnly() {
        String log = audit();
        assertTrue(log.contains("Requested CSV report " + bReport + " of " + t.b.name + " and its subaccounts: All statuses"),
                log);
        assertFalse(log.contains("Refused to add subaccount"), log);
        assertFalse(log.contains("audit-a.csv"), log);
        assertFalse(log.contains("owner-a@" + DOMAIN), log);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void appliedUploadsAndRequestedReportsAreAudited() {
        long uploadId = upload("audit-a.csv", HEADER + t.a1.sid + ",,,+15005550177,PENDING_REGISTRATION\r\n" + t.a.sid
                + ",,," + t.aNumbers.get(0) + ",FAILURE\r\n");
        long inventoryId = upload("audit-inventory.csv", "AccountSid,BrandSid,BrandType,BrandStatus,CampaignSid,UseCase,"
                + "CampaignStatus,MessagingServiceSid\r\n" + t.a2.sid + "," + Fixtures.sid("BN") + ",STANDARD,APPROVED,"
                + Fixtures.sid("CM") + ",MIXED,VERIFIED," + Fixtures.sid("MG") + "\r\n");

        Csrf.from("/reports/new").form().formParam("scope", t.a1.sid).formParam("status", "FAILURE").post("/reports")
                .then().statusCode(303);

        String log = audit();
        assertTrue(log.contains("Imported status report audit-a.csv (upload " + uploadId + "): 1 added, 1 changed"), log);
        assertTrue(log.contains("Imported inventory file audit-inventory.csv (upload " + inventoryId + "): 1 added, 0 changed"),
                log);
        assertTrue(log.contains("Requested CSV report "), log);
        assertTrue(log.contains(" of " + t.a1.name + ": Failure"), log);
        assertTrue(log.contains("<td>owner-a@" + DOMAIN + "</td>"), log);
        assertFalse(log.contains("Requested CSV report " + bReport + " "), "B's report is not in A's log");
    }

    /** Uploads the file as the upload page does; returns the upload's number once it is settled. */
    private static long upload(String fileName, String content) {
        Csrf csrf = Csrf.from("/uploads");
        Response posted = given().redirects().follow(false).cookie("portal-csrf", csrf.cookie())
                .multiPart("csrf-token", csrf.token())
                .multiPart("file", fileName, content.getBytes(StandardCharsets.UTF_8), "text/csv").post("/uploads");
        assertEquals(303, posted.statusCode(), posted.asString());
        String page = posted.header("Location").substring(posted.header("Location").indexOf("/uploads/"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().get(page).header("Refresh") == null);
        return Long.parseLong(page.substring("/uploads/".length()));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void removingAMemberTakesAConfirmationStep() {
        Membership leaving = fixtures.member(t.a2, "leaving@" + DOMAIN, Role.MEMBER);
        String confirm = "/accounts/members/" + leaving.id + "/remove";
        given().get("/accounts").then().statusCode(200)
                .body(containsString("<form method=\"get\" action=\"" + confirm + "\""),
                        not(containsString("<form method=\"post\" action=\"" + confirm + "\"")));

        long members = fixtures.membershipCount();
        given().get(confirm).then().statusCode(200)
                .body(containsString("Remove leaving@" + DOMAIN + " from " + t.a2.name + "?"),
                        containsString("<form method=\"post\" action=\"" + confirm + "\""), containsString("name=\"csrf-token\""),
                        containsString("href=\"/accounts\">Cancel"));
        assertEquals(members, fixtures.membershipCount(), "asking for confirmation removes nobody");

        Csrf.from(confirm).form().post(confirm).then().statusCode(303);
        assertEquals(members - 1, fixtures.membershipCount());
        assertTrue(audit().contains("Removed leaving@" + DOMAIN));

        given().get("/accounts/members/" + fixtures.membershipOf("owner-b@" + DOMAIN).id + "/remove").then().statusCode(404)
                .body(not(containsString("owner-b@" + DOMAIN)));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void aMemberIsNotOfferedTheConfirmation() {
        given().get("/accounts/members/" + fixtures.membershipOf("owner-a@" + DOMAIN).id + "/remove").then().statusCode(403);
    }
}
