package io.a2pportal.notifications.schedules;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.mail.OutboxMail;
import io.a2pportal.reports.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Makes and reads schedules and their reports where a test needs more than the pages give. */
@ApplicationScoped
class ScheduleFixtures {

    @Transactional
    ReportSchedule daily(Account root, Account account, String time, String zone, List<String> recipients) {
        ReportSchedule schedule = new ReportSchedule();
        schedule.rootAccount = Account.findById(root.id);
        schedule.account = account == null ? null : Account.findById(account.id);
        schedule.frequency = Frequency.DAILY;
        schedule.localTime = LocalTime.parse(time);
        schedule.zone = zone;
        schedule.recipients = String.join(",", recipients);
        schedule.createdBy = "fixtures";
        schedule.nextRunAt = schedule.recurrence().nextAfter(Instant.now());
        schedule.persist();
        return schedule;
    }

    /** Makes the schedule due at {@code at}, as if the clock had reached its next run. */
    @Transactional
    void dueAt(long id, Instant at) {
        ReportSchedule.<ReportSchedule> findById(id).nextRunAt = at;
    }

    @Transactional
    ReportSchedule schedule(long id) {
        return ReportSchedule.findById(id);
    }

    @Transactional
    List<ReportSchedule> schedules(Account root) {
        return ReportSchedule.list("rootAccount.id = ?1 order by id", root.id);
    }

    @Transactional
    List<Report> reportsOf(long scheduleId) {
        return Report.list("scheduleId = ?1 order by scheduledFor", scheduleId);
    }

    @Transactional
    Report report(long id) {
        return Report.findById(id);
    }

    /** A report queued with no job behind it, so that it stays queued and counts towards the limit. */
    @Transactional
    void queuedWithoutJob(Account root, Account account) {
        Report report = new Report();
        report.rootAccount = Account.findById(root.id);
        report.account = account == null ? null : Account.findById(account.id);
        report.requestedBy = "fixtures";
        report.persist();
    }

    @Transactional
    long mailsTo(String recipient) {
        return OutboxMail.count("recipient", recipient);
    }

    @Transactional
    List<String> auditDetails(Account account) {
        return AuditEntry.<AuditEntry> list("account.id = ?1 order by id", account.id).stream().map(e -> e.detail).toList();
    }
}
