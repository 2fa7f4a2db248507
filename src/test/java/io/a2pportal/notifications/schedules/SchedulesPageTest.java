package io.a2pportal.notifications.schedules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/** Owners schedule reports on the Scheduled reports page; members read it; another tenant's schedules do not exist. */
@QuarkusTest
class SchedulesPageTest {

    static final String DOMAIN = "schedules-page.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;
    static final String MEMBER_A1 = "member-a1@" + DOMAIN;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    ScheduleFixtures schedules;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void ownerSchedulesPausesResumesAndDeletesAReport() {
        given().get("/numbers").then().statusCode(200).body(containsString("href=\"/schedules\""));
        given().get("/schedules").then().statusCode(200)
                .body(containsString("Schedule a report"), containsString("value=\"" + OWNER_A + "\""),
                        containsString("value=\"" + MEMBER_A1 + "\""), containsString("<option value=\"Europe/London\""),
                        containsString("<option value=\"America/New_York\" selected>"), containsString(t.a1.name),
                        not(containsString(t.b.name)), not(containsString("owner-b@")));

        Response created = form(Csrf.from("/schedules")).formParam("scope", t.a1.sid)
                .formParam("status", "PENDING_REGISTRATION").formParam("diagnosis", "yes").formParam("frequency", "WEEKLY")
                .formParam("dayOfWeek", "MONDAY").formParam("dayOfMonth", "").formParam("time", "02:30")
                .formParam("zone", "America/New_York").formParam("recipient", OWNER_A, MEMBER_A1).post("/schedules");
        created.then().statusCode(303);
        ReportSchedule schedule = latest();
        ZonedDateTime next = schedule.nextRunAt.atZone(ZoneId.of("America/New_York"));
        assertEquals(DayOfWeek.MONDAY, next.getDayOfWeek());
        assertEquals(LocalTime.of(2, 30), next.toLocalTime());
        assertEquals(t.a1.id, schedule.account.id);
        assertEquals(List.of(OWNER_A, MEMBER_A1), schedule.recipientList());

        String page = given().get("/schedules").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Weekly on Monday at 02:30 (America/New_York)"), page);
        assertTrue(page.contains(schedule.nextRunLabel()), page);
        assertTrue(page.contains("Pending registration, with diagnosis"), page);
        assertTrue(page.contains(OWNER_A + ", " + MEMBER_A1), page);
        assertTrue(schedule.nextRunLabel().matches("Mon \\d{1,2} \\w{3} \\d{4}, 02:30 E[SD]T"), schedule.nextRunLabel());
        assertTrue(audit().contains("Scheduled CSV report " + schedule.id + " of " + t.a1.name
                + ": Pending registration, with diagnosis, Weekly on Monday at 02:30 (America/New_York), mailed to "
                + OWNER_A + ", " + MEMBER_A1), audit().toString());

        String path = "/schedules/" + schedule.id;
        form(Csrf.from("/schedules")).post(path + "/pause").then().statusCode(303);
        given().get("/schedules").then().body(containsString("Paused"), containsString(path + "/resume"));
        form(Csrf.from("/schedules")).post(path + "/resume").then().statusCode(303);
        given().get("/schedules").then().body(containsString(path + "/pause"));
        form(Csrf.from("/schedules")).post(path + "/delete").then().statusCode(303);
        given().get("/schedules").then().body(not(containsString(path + "/")));
        List<String> audit = audit();
        assertTrue(audit.contains("Paused scheduled CSV report " + schedule.id + " of " + t.a1.name), audit.toString());
        assertTrue(audit.contains("Resumed scheduled CSV report " + schedule.id + " of " + t.a1.name), audit.toString());
        assertTrue(audit.contains("Deleted scheduled CSV report " + schedule.id + " of " + t.a1.name), audit.toString());
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void badInputIsRefusedWithAClearMessage() {
        int before = schedules.schedules(t.a).size();
        create("all", "DAILY", "", "07:00", "Mars/Olympus_Mons", OWNER_A).then().statusCode(400)
                .body(containsString("The report was not scheduled."),
                        containsString("Unknown time zone \u201cMars/Olympus_Mons\u201d"), containsString("Schedule a report"));
        create("all", "DAILY", "", "7pm", "America/New_York", OWNER_A).then().statusCode(400)
                .body(containsString("The time must be given as HH:mm on a 24-hour clock, such as 07:00 or 18:30, not \u201c7pm\u201d."));
        create("all", "DAILY", "", "25:00", "America/New_York", OWNER_A).then().statusCode(400)
                .body(containsString("The time must be given as HH:mm"));
        create("all", "DAILY", "", "07:00", "America/New_York").then().statusCode(400)
                .body(containsString("Choose at least one recipient among the members."));
        create("all", "MONTHLY", "32", "07:00", "America/New_York", OWNER_A).then().statusCode(400)
                .body(containsString("The day of the month must be a number from 1 to 31"));
        create("all", "MONTHLY", "0", "07:00", "America/New_York", OWNER_A).then().statusCode(400)
                .body(containsString("The day of the month must be a number from 1 to 31"));
        create("all", "HOURLY", "", "07:00", "America/New_York", OWNER_A).then().statusCode(400)
                .body(containsString("Choose how often the report runs: daily, weekly or monthly."));
        // a member of one subaccount cannot see a report of the whole tree, so cannot receive it
        create("all", "DAILY", "", "07:00", "America/New_York", OWNER_A, MEMBER_A1).then().statusCode(400)
                .body(containsString(MEMBER_A1 + " cannot receive this report: recipients must be members who can see "
                        + "the reports of the whole account tree."));
        create("all", "DAILY", "", "07:00", "America/New_York", "owner-b@" + DOMAIN).then().statusCode(400)
                .body(containsString("owner-b@" + DOMAIN + " cannot receive this report"));
        // the refused form keeps what was typed
        create("all", "MONTHLY", "32", "06:45", "Europe/Paris", OWNER_A).then().statusCode(400)
                .body(containsString("value=\"32\""), containsString("value=\"06:45\""),
                        containsString("<option value=\"Europe/Paris\" selected>"));
        // without the form's CSRF token nothing is made
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("scope", "all")
                .formParam("frequency", "DAILY").formParam("time", "07:00").formParam("zone", "America/New_York")
                .formParam("recipient", OWNER_A).post("/schedules").then().statusCode(400);
        assertEquals(before, schedules.schedules(t.a).size());

        create("all", "MONTHLY", "31", "06:00", "America/New_York", OWNER_A).then().statusCode(303);
        assertEquals(before + 1, schedules.schedules(t.a).size());
        given().get("/schedules").then().body(containsString("Monthly on day 31 at 06:00 (America/New_York), "
                + "the last day in shorter months"));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = MEMBER_A1))
    void aMemberWhoIsNotAnOwnerReadsTheListAndCannotChangeIt() {
        ReportSchedule ofA1 = schedules.daily(t.a, t.a1, "08:00", "Europe/London", List.of(MEMBER_A1));
        ReportSchedule ofTree = schedules.daily(t.a, null, "09:15", "Europe/London", List.of(OWNER_A));
        given().get("/schedules").then().statusCode(200)
                .body(containsString("Daily at 08:00 (Europe/London)"), not(containsString("Daily at 09:15")),
                        not(containsString("Schedule a report")), not(containsString("/schedules/" + ofA1.id + "/pause")));
        Csrf csrf = Csrf.from("/numbers");
        form(csrf).formParam("scope", "all").formParam("frequency", "DAILY").formParam("time", "07:00")
                .formParam("zone", "America/New_York").formParam("recipient", MEMBER_A1).post("/schedules")
                .then().statusCode(403);
        form(csrf).post("/schedules/" + ofA1.id + "/pause").then().statusCode(403);
        form(csrf).post("/schedules/" + ofA1.id + "/delete").then().statusCode(403);
        assertTrue(schedules.schedule(ofA1.id).enabled);
        assertFalse(schedules.schedule(ofTree.id) == null);
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantsScheduleIsNotFound() {
        ReportSchedule ofA = schedules.daily(t.a, null, "10:45", "Asia/Tokyo", List.of(OWNER_A));
        given().get("/schedules").then().statusCode(200).body(not(containsString("Daily at 10:45 (Asia/Tokyo)")),
                not(containsString(OWNER_A)));
        Csrf csrf = Csrf.from("/schedules");
        for (String action : List.of("pause", "resume", "delete")) {
            assertEquals(404, form(csrf).post("/schedules/" + ofA.id + "/" + action).statusCode(), action);
        }
        assertTrue(schedules.schedule(ofA.id).enabled);
        // nor can B schedule a report of A's accounts
        form(csrf).formParam("scope", t.a1.sid).formParam("frequency", "DAILY").formParam("time", "07:00")
                .formParam("zone", "America/New_York").formParam("recipient", "owner-b@" + DOMAIN).post("/schedules")
                .then().statusCode(404);
        assertEquals(0, schedules.schedules(t.b).stream().filter(s -> s.account != null && s.account.id.equals(t.a1.id))
                .count());
    }

    private Response create(String scope, String frequency, String dayOfMonth, String time, String zone,
            String... recipients) {
        RequestSpecification request = form(Csrf.from("/schedules")).formParam("scope", scope)
                .formParam("frequency", frequency).formParam("dayOfWeek", "MONDAY").formParam("dayOfMonth", dayOfMonth)
                .formParam("time", time).formParam("zone", zone);
        if (recipients.length > 0) {
            request.formParam("recipient", (Object[]) recipients);
        }
        return request.post("/schedules");
    }

    private static RequestSpecification form(Csrf csrf) {
        return csrf.form();
    }

    private ReportSchedule latest() {
        List<ReportSchedule> all = schedules.schedules(t.a);
        return all.get(all.size() - 1);
    }

    private List<String> audit() {
        return schedules.auditDetails(t.a1);
    }
}
