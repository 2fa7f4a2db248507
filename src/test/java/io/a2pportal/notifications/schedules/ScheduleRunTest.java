package io.a2pportal.notifications.schedules;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.github.kagkarlsson.scheduler.Scheduler;

import io.a2pportal.accounts.Role;
import io.a2pportal.jobs.JobScheduler;
import io.a2pportal.reports.Report;
import io.a2pportal.reports.ReportRequests;
import io.a2pportal.reports.ReportState;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A schedule's run makes one ordinary report, mailed to its recipients, with two instances
 * polling, and again after the portal was down, once however many runs it missed. The portal's
 * own workers are off: the test starts and stops the instances.
 */
@QuarkusTest
@TestProfile(ScheduleRunTest.WorkersOff.class)
class ScheduleRunTest {

    static final String DOMAIN = "schedule-run.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;
    static final String MEMBER_A1 = "member-a1@" + DOMAIN;
    static final String LEAVER = "leaver@" + DOMAIN;
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    public static class WorkersOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.jobs.enabled", "false");
        }
    }

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ScheduleFixtures schedules;

    @Inject
    ScheduleRuns runs;

    @Inject
    ReportRequests requests;

    @Inject
    JobScheduler jobs;

    @Inject
    MockMailbox mailbox;

    @Test
    void firesOnceWithTwoInstancesAndOnceAgainAfterARestart() throws Exception {
        fixtures.member(t.a1, LEAVER, Role.MEMBER);
        ReportSchedule schedule = schedules.daily(t.a, t.a1, "02:30", "America/New_York",
                List.of(OWNER_A, MEMBER_A1, LEAVER));
        // the leaver's membership ends after the schedule was made: the run mails them nothing
        fixtures.removeMemberships(LEAVER);
        Instant due = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        schedules.dueAt(schedule.id, due);

        Scheduler first = jobs.build("instance-1");
        Scheduler second = jobs.build("instance-2");
        first.start();
        second.start();
        Report report;
        try {
            report = awaitReadyReports(schedule.id, 1).get(0);
            // both instances keep polling for several more checks: still one report
            Thread.sleep(1500);
            assertEquals(1, schedules.reportsOf(schedule.id).size());
        } finally {
            first.stop();
            second.stop();
        }
        assertEquals(due, report.scheduledFor);
        assertEquals(t.a1.id, report.account.id);
        assertEquals("Schedule " + schedule.id + " of fixtures", report.requestedBy);
        assertNull(report.notifyEmail);
        assertEquals(List.of(OWNER_A, MEMBER_A1), report.recipientList());
        assertNextRunAtItsLocalTime(schedule.id);

        String link = "https://portal.example.test/reports/" + report.id;
        for (String recipient : List.of(OWNER_A, MEMBER_A1)) {
            Mail mail = awaitMails(recipient, 1).get(0);
            assertEquals("Your scheduled A2P status report for " + t.a1.name + " is ready", mail.getSubject());
            assertTrue(mail.getText().contains("The scheduled CSV status report (Schedule " + schedule.id
                    + " of fixtures) is ready."), mail.getText());
            assertTrue(mail.getText().contains(link), mail.getText());
            assertTrue(mail.getText().contains("Rows: " + t.a1Numbers.size()), mail.getText());
        }
        assertEquals(0, schedules.mailsTo(LEAVER), "no mail stored for the leaver");
        assertEquals(List.of(), mailbox.getMailsSentTo(LEAVER));

        // the portal was down for three days: back up, the schedule runs once, not three times
        Instant missed = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        schedules.dueAt(schedule.id, missed);
        Scheduler restarted = jobs.build("instance-3");
        restarted.start();
        try {
            List<Report> made = awaitReadyReports(schedule.id, 2);
            Thread.sleep(1500);
            assertEquals(2, schedules.reportsOf(schedule.id).size());
            assertEquals(missed, made.get(0).scheduledFor);
            assertEquals(due, made.get(1).scheduledFor);
        } finally {
            restarted.stop();
        }
        assertNextRunAtItsLocalTime(schedule.id);
        assertEquals(2, awaitMails(OWNER_A, 2).size());
        assertEquals(2, awaitMails(MEMBER_A1, 2).size());
    }

    @Test
    void twoRunsOfOneDueScheduleAtOnceMakeOneReportEvenAtTheLimitOfReports() throws Exception {
        ReportSchedule schedule = schedules.daily(t.b, null, "01:30", "America/New_York", List.of("owner-b@" + DOMAIN));
        for (int i = 0; i < 3; i++) {
            schedules.queuedWithoutJob(t.b, null);
        }
        Instant due = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        schedules.dueAt(schedule.id, due);

        // no instance is running: the two runs are called side by side, as two instances would
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(pool.submit(() -> {
                    start.await();
                    runs.runDue();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : both) {
                run.get();
            }

            List<Report> made = schedules.reportsOf(schedule.id);
            assertEquals(1, made.size(), "one report, though three are queued already");
            assertEquals(due, made.get(0).scheduledFor);
            assertEquals(ReportState.QUEUED, made.get(0).state);
            assertNextRunAtItsLocalTime(schedule.id);

            // the same run tried twice at once (a retry after a crash, another instance) makes no second report
            CountDownLatch again = new CountDownLatch(1);
            List<Future<Optional<Report>>> tries = new ArrayList<>();
            Instant later = due.plus(1, ChronoUnit.DAYS);
            for (int i = 0; i < 2; i++) {
                tries.add(pool.submit(() -> {
                    again.await();
                    return QuarkusTransaction.requiringNew().call(() -> requests.scheduled(schedule.id, later, t.b.id,
                            null, List.of(), false, "Schedule " + schedule.id + " of fixtures", List.of()));
                }));
            }
            again.countDown();
            int madeNow = 0;
            for (Future<Optional<Report>> run : tries) {
                madeNow += run.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, madeNow);
            assertEquals(2, schedules.reportsOf(schedule.id).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRecipientTakesThemselvesOffTheScheduleWithTheLinkInItsMailWithoutALogin() throws Exception {
        String first = "first-recipient@" + DOMAIN;
        String second = "second-recipient@" + DOMAIN;
        fixtures.member(t.a1, first, Role.MEMBER);
        fixtures.member(t.a1, second, Role.MEMBER);
        ReportSchedule schedule = schedules.daily(t.a, t.a1, "07:00", "America/New_York", List.of(first, second));
        schedules.dueAt(schedule.id, Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
        Scheduler instance = jobs.build("instance-unsubscribe");
        instance.start();
        try {
            awaitReadyReports(schedule.id, 1);
            Mail mail = awaitMails(first, 1).get(0);
            String header = mail.getHeaders().get("List-Unsubscribe").get(0);
            assertEquals(List.of("List-Unsubscribe=One-Click"), mail.getHeaders().get("List-Unsubscribe-Post"));
            String path = header.substring(header.indexOf("/unsubscribe/"), header.length() - 1);
            assertTrue(mail.getText().contains("Stop getting it (no sign-in needed): https://portal.example.test" + path),
                    mail.getText());
            String theirs = awaitMails(second, 1).get(0).getHeaders().get("List-Unsubscribe").get(0);
            assertTrue(!theirs.equals(header), "each recipient's link is their own");

            // a link made for another address does not pass its signature
            String[] parts = path.substring("/unsubscribe/".length()).split("\\.");
            String other = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("owner-a@" + DOMAIN).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded")
                    .formParam("List-Unsubscribe", "One-Click").post("/unsubscribe/" + parts[0] + "." + other + "." + parts[2])
                    .then().statusCode(404);
            io.restassured.RestAssured.given().get(path).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("Unsubscribe from scheduled report " + schedule.id));
            io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded")
                    .formParam("List-Unsubscribe", "One-Click").post(path).then().statusCode(200);
            assertEquals(List.of(second), schedules.schedule(schedule.id).recipientList());

            // the next run mails the other recipient only
            schedules.dueAt(schedule.id, Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
            awaitReadyReports(schedule.id, 2);
            assertEquals(2, awaitMails(second, 2).size());
            Thread.sleep(1000);
            assertEquals(1, mailbox.getMailsSentTo(first).size());
        } finally {
            instance.stop();
        }
        // the last recipient leaving pauses the schedule: it would make reports nobody is told of
        String last = mailbox.getMailsSentTo(second).get(0).getHeaders().get("List-Unsubscribe").get(0);
        io.restassured.RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("confirm", "yes").post(last.substring(last.indexOf("/unsubscribe/"), last.length() - 1))
                .then().statusCode(303);
        ReportSchedule after = schedules.schedule(schedule.id);
        assertEquals(List.of(), after.recipientList());
        assertTrue(!after.enabled, "paused");
    }

    private void assertNextRunAtItsLocalTime(long scheduleId) {
        ReportSchedule after = schedules.schedule(scheduleId);
        Instant now = Instant.now();
        assertTrue(after.nextRunAt.isAfter(now.minusSeconds(5)) && !after.nextRunAt.isAfter(now.plus(1, ChronoUnit.DAYS)),
                "next run within a day: " + after.nextRunAt);
        assertEquals(after.localTime, after.nextRunAt.atZone(NEW_YORK).toLocalTime());
        assertEquals(after.recurrence().nextAfter(after.nextRunAt.minusSeconds(1)), after.nextRunAt);
    }

    private List<Report> awaitReadyReports(long scheduleId, int count) {
        await().atMost(PATIENCE).until(() -> {
            List<Report> made = schedules.reportsOf(scheduleId);
            return made.size() >= count && made.stream().allMatch(r -> r.state == ReportState.READY);
        });
        return schedules.reportsOf(scheduleId);
    }

    private List<Mail> awaitMails(String to, int count) {
        await().atMost(PATIENCE).until(() -> mailbox.getMailsSentTo(to) != null && mailbox.getMailsSentTo(to).size() >= count);
        return mailbox.getMailsSentTo(to);
    }
}
