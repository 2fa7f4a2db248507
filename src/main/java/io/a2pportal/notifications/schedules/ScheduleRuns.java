package io.a2pportal.notifications.schedules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.a2pportal.reports.Report;
import io.a2pportal.reports.ReportRequests;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

/**
 * Runs the schedules that are due, as one recurring db-scheduler job (which runs on one instance
 * at a time). The schedule's row is the only record of when it runs next: a run takes the row
 * under a lock that others skip, makes the report for the instant that was due, and moves the
 * next run on past now, in one transaction. So a run happens once however many instances look,
 * a retried run finds its report made (one report per schedule and instant), and a schedule that
 * was due while the portal was down runs once when it is back, not once per period it missed.
 * Pausing, resuming or deleting a schedule is a change of its row and needs no job of its own.
 */
@ApplicationScoped
public class ScheduleRuns {

    private static final Logger LOG = Logger.getLogger(ScheduleRuns.class);
    static final String TASK = "run-report-schedules";
    private static final int BATCH = 200;

    @Inject
    SchedulesConfig config;

    @Inject
    ReportRequests reports;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    Task<Void> runTask() {
        return Tasks.recurring(TASK, Schedules.fixedDelay(config.checkInterval())).execute((instance, context) -> runDue());
    }

    /** Runs every due schedule, each in a transaction of its own so that one that fails holds up no other. */
    void runDue() {
        Instant now = clock.instant();
        List<Long> due = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select s.id from ReportSchedule s where s.enabled and s.nextRunAt <= ?1 order by s.nextRunAt", Long.class)
                .setParameter(1, now).setMaxResults(BATCH).getResultList());
        for (long id : due) {
            try {
                QuarkusTransaction.requiringNew().run(() -> run(id, now));
            } catch (RuntimeException e) {
                // the schedule stays due and is tried again at the next check
                LOG.errorf(e, "Scheduled report %d: the run failed and will be tried again", id);
            }
        }
    }

    /** The run of one schedule, if it is still due and no one else is running it. */
    void run(long id, Instant now) {
        @SuppressWarnings("unchecked")
        List<ReportSchedule> locked = em.createNativeQuery("select * from report_schedule where id = ?1 and enabled "
                + "and next_run_at <= ?2 for update skip locked", ReportSchedule.class)
                .setParameter(1, id).setParameter(2, now).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        ReportSchedule schedule = locked.get(0);
        Instant dueAt = schedule.nextRunAt;
        // a recipient whose membership has ended since the schedule was made is mailed nothing
        List<String> recipients = ReportSchedules.stillMembers(schedule.rootAccount.id, schedule.account,
                schedule.recipientList());
        Optional<Report> report = reports.scheduled(schedule.id, dueAt, schedule.rootAccount.id, schedule.account,
                schedule.statusList(), schedule.includeDiagnosis, requester(schedule), recipients);
        schedule.nextRunAt = schedule.recurrence().nextAfter(now);
        LOG.infof("Scheduled report %d: the run due at %s %s; next run at %s", schedule.id, dueAt,
                report.map(r -> "made report " + r.id).orElse("had made its report already"), schedule.nextRunAt);
    }

    /** How the reports of a schedule name who asked for them, within the column's length. */
    static String requester(ReportSchedule schedule) {
        String name = "Schedule " + schedule.id + " of " + schedule.createdBy;
        return name.length() <= 320 ? name : name.substring(0, 320);
    }
}
