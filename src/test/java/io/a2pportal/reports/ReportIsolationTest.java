package io.a2pportal.reports;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * A report is seen only by users whose scope covers it: another tenant, or a subaccount member for
 * a report of the parent's whole tree, get 404 for its page, its status and its download.
 */
@QuarkusTest
class ReportIsolationTest {

    static final String DOMAIN = "report-isolation.test";
    static long wholeTreeOfA;
    static long parentAOnly;
    static long subaccountA1;
    static long subaccountA2;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRequests requests;

    @Inject
    ReportFixtures reports;

    @BeforeEach
    void data() {
        if (wholeTreeOfA == 0) {
            TenantScope ownerA = new TenantScope(t.a, Role.OWNER, t.a.rootId, null);
            wholeTreeOfA = ready(requests.request(ownerA, "owner-a@" + DOMAIN, null, "all", List.of(), false).id);
            parentAOnly = ready(requests.request(ownerA, "owner-a@" + DOMAIN, null, t.a.sid, List.of(), false).id);
            subaccountA1 = ready(requests.request(ownerA, "owner-a@" + DOMAIN, null, t.a1.sid, List.of(), false).id);
            subaccountA2 = ready(requests.request(ownerA, "owner-a@" + DOMAIN, null, t.a2.sid, List.of(), false).id);
        }
    }

    private long ready(long id) {
        await().atMost(ReportPages.PATIENCE).until(() -> reports.report(id).state == ReportState.READY);
        return id;
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantGetsNotFound() {
        for (long id : List.of(wholeTreeOfA, parentAOnly, subaccountA1, subaccountA2)) {
            assertNotFound(id);
        }
        given().get("/reports").then().statusCode(200).body(not(containsString(t.a.name)), not(containsString(t.a1.name)));
        ReportPages.post(t.a1.sid).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void subaccountMemberSeesOnlyReportsOfTheirSubaccount() {
        assertNotFound(wholeTreeOfA);
        assertNotFound(parentAOnly);
        assertNotFound(subaccountA2);
        given().get("/reports/" + subaccountA1).then().statusCode(200).body(containsString("Download CSV report"));
        given().get("/reports/" + subaccountA1 + "/download").then().statusCode(200)
                .body(containsString(t.a1Numbers.get(0)), not(containsString(t.aNumbers.get(0))));
        given().get("/reports").then().statusCode(200)
                .body(containsString("Report " + subaccountA1), not(containsString("Report " + wholeTreeOfA + "<")),
                        not(containsString(t.a2.name)));
        given().get("/reports/new").then().statusCode(200)
                .body(containsString(t.a1.name), not(containsString(t.a.sid)), not(containsString(t.a2.sid)));
        ReportPages.post(t.a.sid).then().statusCode(404);
        ReportPages.post(t.a2.sid).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void parentOwnerSeesEveryReportOfTheTree() {
        for (long id : List.of(wholeTreeOfA, parentAOnly, subaccountA1, subaccountA2)) {
            given().get("/reports/" + id).then().statusCode(200);
            given().get("/reports/" + id + "/status").then().statusCode(200).body(containsString("Download CSV report"));
            given().get("/reports/" + id + "/download").then().statusCode(200);
        }
        given().get("/reports/999999999").then().statusCode(404);
        given().get("/reports/not-a-number").then().statusCode(404);
        ReportPages.post(t.b1.sid).then().statusCode(404);
    }

    private static void assertNotFound(long id) {
        given().get("/reports/" + id).then().statusCode(404).body(not(containsString("Download CSV report")));
        given().get("/reports/" + id + "/status").then().statusCode(404);
        given().get("/reports/" + id + "/download").then().statusCode(404).body(not(containsString("AccountSid")));
    }

}
