package io.a2pportal.reports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.mail.OutboxMail;
import io.a2pportal.numbers.RegistrationStatus;
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
 * The what-changed report: the status changes of a scope recorded in a period, exact at both ends,
 * requested on the reports page (prefilled from a link's query parameters) and downloaded as CSV.
 */
@QuarkusTest
class ChangesReportTest {

    static final String DOMAIN = "changes-report.test";
    static final String HEADER = "PhoneNumber,AccountSid,From,To,ChangedAt,ObservedAt,Source\r\n";

    /** 2026-03-01T00:00 to 2026-03-02T00:00 in New York (UTC-5 before the daylight-saving change of 8 March). */
    static final Instant FROM = Instant.parse("2026-03-01T05:00:00Z");
    static final Instant TO = Instant.parse("2026-03-02T05:00:00Z");

    static boolean recorded;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportFixtures reports;

    @BeforeEach
    void history() {
        if (recorded) {
            return;
        }
        recorded = true;
        String a1 = t.a1Numbers.get(0);
        // just before the period, and at its end: outside it
        fixtures.statusChange(t.aNumbers.get(1), null, RegistrationStatus.REGISTERED, FROM.minusMillis(1), FROM.minusMillis(1),
                "UPLOAD");
        fixtures.statusChange(t.a2Numbers.get(1), RegistrationStatus.FAILURE, RegistrationStatus.REGISTERED, TO, TO, "EVENT");
        // at its start, and within it: a late event (observed the day before), then another at the same time
        fixtures.statusChange(a1, null, RegistrationStatus.PENDING_REGISTRATION, FROM, FROM, "UPLOAD");
        fixtures.statusChange(t.aNumbers.get(0), RegistrationStatus.REGISTERED, RegistrationStatus.FAILURE,
                Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-02-28T23:00:00Z"), "EVENT");
        fixtures.statusChange(t.a2Numbers.get(0), RegistrationStatus.PENDING_REGISTRATION, RegistrationStatus.FAILURE,
                Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-01T12:00:00Z"), "API");
        fixtures.statusChange(a1, RegistrationStatus.PENDING_REGISTRATION, RegistrationStatus.REGISTERED,
                TO.minusMillis(1), Instant.parse("2026-03-02T04:30:00Z"), "UPLOAD");
        // the other tenant's change within the period
        fixtures.statusChange(t.bNumbers.get(0), RegistrationStatus.UNREGISTERED, RegistrationStatus.PENDING_REGISTRATION,
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00Z"), "UPLOAD");
    }

    private String a1First() {
        return t.a1Numbers.get(0) + "," + t.a1.sid + ",,PENDING_REGISTRATION,2026-03-01T05:00:00Z,2026-03-01T05:00:00Z,UPLOAD\r\n";
    }

    private String aFailed() {
        return t.aNumbers.get(0) + "," + t.a.sid + ",REGISTERED,FAILURE,2026-03-01T12:00:00Z,2026-02-28T23:00:00Z,EVENT\r\n";
    }

    private String a2Failed() {
        return t.a2Numbers.get(0) + "," + t.a2.sid + ",PENDING_REGISTRATION,FAILURE,2026-03-01T12:00:00Z,2026-03-01T12:00:00Z,API\r\n";
    }

    private String a1Registered() {
        return t.a1Numbers.get(0) + "," + t.a1.sid
                + ",PENDING_REGISTRATION,REGISTERED,2026-03-02T04:59:59Z,2026-03-02T04:30:00Z,UPLOAD\r\n";
    }

    static Response post(String scope, String from, String to, String zone, String... statuses) {
        var form = Csrf.from("/reports/new").form();
        if (scope != null) {
            form.formParam("scope", scope);
        }
        form.formParam("changes_from", from).formParam("changes_to", to).formParam("zone", zone);
        for (String status : statuses) {
            form.formParam("status", status);
        }
        return form.post("/reports/changes");
    }

    static String request(String scope, String from, String to, String zone, String... statuses) {
        Response response = post(scope, from, to, zone, statuses);
        if (response.statusCode() != 303) {
            throw new AssertionError("Request not accepted: " + response.statusCode() + "\n" + response.asString());
        }
        return java.net.URI.create(response.header("Location")).getPath();
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theTreesChangesOfThePeriodInOrderWithTheStartIncludedAndTheEndExcluded() {
        String page = request("all", "2026-03-01T00:00", "2026-03-02T00:00", "America/New_York");
        String shown = ReportPages.awaitPageShowing(page, "Download CSV report");
        assertEquals(HEADER + a1First() + aFailed() + a2Failed() + a1Registered(), ReportPages.download(page));
        given().get(page + "/download").then().header("Content-Disposition",
                "attachment; filename=\"a2p-changes-" + t.a.sid + "-20260301T0500Z-20260302T0500Z.csv\"");

        String period = "2026-03-01 00:00 to 2026-03-02 00:00 (America/New_York)";
        assertThat(shown, containsString("<h1>What-changed report</h1>"));
        assertThat(shown, containsString(period + ", start included, end excluded"));
        given().get("/reports").then().statusCode(200).body(containsString("What changed " + period));

        List<OutboxMail> mails = reports.mails(ReportPages.id(page));
        assertEquals(1, mails.size());
        assertEquals("Your A2P what-changed report for " + t.a.name + ", " + period + " is ready", mails.get(0).subject);
        assertThat(mails.get(0).textBody,
                containsString("The what-changed report you requested is ready."));
        assertThat(mails.get(0).textBody, containsString("Period: " + period + "\n"));
        assertThat(mails.get(0).textBody, containsString("Rows: 4\n"));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void changesToTheTickedStatusesOfOneAccount() {
        String failures = request("all", "2026-03-01T05:00", "2026-03-02T05:00", "UTC", "FAILURE");
        ReportPages.awaitPageShowing(failures, "Download CSV report");
        assertEquals(HEADER + aFailed() + a2Failed(), ReportPages.download(failures));

        String oneAccount = request(t.a1.sid, "2026-03-01", "2026-03-02T05:00", "UTC");
        ReportPages.awaitPageShowing(oneAccount, "Download CSV report");
        assertEquals(HEADER + a1First() + a1Registered(), ReportPages.download(oneAccount));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void aSubaccountMemberGetsOnlyTheirAccountsChanges() {
        String page = request("all", "2026-03-01T00:00", "2026-03-02T00:00", "America/New_York");
        ReportPages.awaitPageShowing(page, "Download CSV report");
        assertEquals(HEADER + a1First() + a1Registered(), ReportPages.download(page));
        post(t.a.sid, "2026-03-01T00:00", "2026-03-02T00:00", "UTC").then().statusCode(404);
        post(t.a2.sid, "2026-03-01T00:00", "2026-03-02T00:00", "UTC").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantGetsOnlyItsOwnChanges() {
        String page = request("all", "2026-03-01T00:00", "2026-03-02T00:00", "America/New_York");
        ReportPages.awaitPageShowing(page, "Download CSV report");
        assertEquals(HEADER + t.bNumbers.get(0) + "," + t.b.sid
                + ",UNREGISTERED,PENDING_REGISTRATION,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,UPLOAD\r\n",
                ReportPages.download(page));
        post(t.a1.sid, "2026-03-01T00:00", "2026-03-02T00:00", "UTC").then().statusCode(404);
        given().get("/reports/new?scope=" + t.a1.sid).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aBadPeriodIsExplainedAndNothingIsQueued() {
        long before = reports.count(t.a);
        post("all", "2026-03-02T00:00", "2026-03-01T00:00", "UTC").then().statusCode(400)
                .body(containsString("The report was not requested."),
                        containsString("The end of the period (To) must be after its start (From)."),
                        containsString("value=\"2026-03-02T00:00\""));
        post("all", "2026-03-01T00:00", "2026-03-01T00:00", "UTC").then().statusCode(400)
                .body(containsString("The end of the period (To) must be after its start (From)."));
        post("all", "yesterday", "2026-03-01T00:00", "UTC").then().statusCode(400)
                .body(containsString("From &quot;yesterday&quot; is not a date and time such as 2026-12-01T00:00."));
        post("all", "2026-03-01T00:00", "", "UTC").then().statusCode(400)
                .body(containsString("To is missing: enter a date and time such as 2026-12-01T00:00."));
        post("all", "2025-03-01T00:00", "2026-03-02T00:01", "UTC").then().statusCode(400)
                .body(containsString("The period is longer than 366 days; request several reports of shorter periods."));
        post("all", "2026-03-01T00:00", "2026-03-02T00:00", "Mars/Olympus").then().statusCode(400)
                .body(containsString("&quot;Mars/Olympus&quot; is not a time zone."));
        assertEquals(before, reports.count(t.a));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aLinkPrefillsTheWhatChangedForm() {
        String linked = whatChangedForm(given().get("/reports?changes_from=2026-12-01T00:00&changes_to=2026-12-02T00:00"
                + "&zone=America/New_York&scope=" + t.a2.sid).then().statusCode(200).extract().asString());
        assertContains(linked, "name=\"changes_from\" value=\"2026-12-01T00:00\"");
        assertContains(linked, "name=\"changes_to\" value=\"2026-12-02T00:00\"");
        assertContains(linked, "<option value=\"America/New_York\" selected>");
        assertContains(linked, "value=\"" + t.a2.sid + "\" checked>");
        assertThat(linked, not(containsString("<option value=\"UTC\" selected>")));
        assertThat(linked, not(containsString("value=\"all\" checked>")));

        // without a zone the period is in UTC, and without a scope it is the whole tree's
        String defaults = whatChangedForm(given().get("/reports/new?changes_from=2026-12-01T00:00").then().statusCode(200)
                .extract().asString());
        assertContains(defaults, "name=\"changes_from\" value=\"2026-12-01T00:00\"");
        assertContains(defaults, "name=\"changes_to\" value=\"\"");
        assertContains(defaults, "<option value=\"UTC\" selected>");
        assertContains(defaults, "value=\"all\" checked>");
        assertThat(defaults, not(containsString("value=\"" + t.a2.sid + "\" checked>")));

        given().get("/reports?zone=Mars/Olympus").then().statusCode(200)
                .body(containsString("&quot;Mars/Olympus&quot; is not a time zone."));
        given().get("/reports?scope=" + t.b.sid).then().statusCode(404);
        given().get("/reports").then().statusCode(200).body(containsString("Request a new report"),
                not(containsString("name=\"changes_from\"")));
    }

    /** The what-changed form of the request page, which follows the status report's form. */
    private static String whatChangedForm(String page) {
        int start = page.indexOf("id=\"what-changed\"");
        if (start < 0) {
            throw new AssertionError("No what-changed form:\n" + page);
        }
        return page.substring(start);
    }

    private static void assertContains(String text, String part) {
        assertThat(text, containsString(part));
    }
}
