package io.a2pportal.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The "include diagnosis" option adds Diagnosis and Remedy after the vendor's five columns; the default stays five. */
@QuarkusTest
class ReportDiagnosisTest {

    static final String DOMAIN = "report-diagnosis.test";

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void diagnosisColumnsParseBackWithTheRightTextPerNumber() {
        String page = java.net.URI.create(Csrf.from("/reports/new").form().formParam("scope", "all").formParam("diagnosis", "yes")
                .post("/reports").then().statusCode(303).extract().header("Location")).getPath();
        ReportPages.awaitPageShowing(page, "Download CSV report");
        List<List<String>> rows = ReportPages.parse(ReportPages.download(page));
        assertEquals(List.of("AccountSid", "CampaignSid", "MessagingServiceSid", "PhoneNumber", "Status", "Diagnosis", "Remedy"),
                rows.get(0));
        Map<String, List<String>> byNumber = new HashMap<>();
        rows.subList(1, rows.size()).forEach(row -> byNumber.put(row.get(3), row));
        assertEquals(12, byNumber.size());

        List<String> failed = byNumber.get(t.a2Numbers.get(0));
        assertTrue(failed.get(5).startsWith("Registration failed (act, error 30126): "), failed.toString());
        assertTrue(failed.get(6).startsWith("Registration failed: "), failed.toString());
        assertTrue(failed.get(6).toLowerCase().contains("support"), failed.toString());

        List<String> pending = byNumber.get(t.a1Numbers.get(0));
        assertTrue(pending.get(5).startsWith("Registration under way (wait"), pending.toString());

        List<String> registered = byNumber.get(t.aNumbers.get(0));
        assertEquals("", registered.get(5), "a registered number in a verified campaign needs nothing");
        assertEquals("", registered.get(6));
        assertEquals(t.a.sid, registered.get(0));
        assertEquals("REGISTERED", registered.get(4));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theDefaultReportKeepsTheVendorsFiveColumns() {
        String page = ReportPages.request("all");
        ReportPages.awaitPageShowing(page, "Download CSV report");
        io.restassured.RestAssured.given().header("HX-Request", "true").get(page + "/status").then().statusCode(200)
                .header("HX-Refresh", "true");
        List<List<String>> rows = ReportPages.parse(ReportPages.download(page));
        assertEquals(ReportPages.HEADER, rows.get(0));
        rows.forEach(row -> assertEquals(5, row.size()));
    }
}
