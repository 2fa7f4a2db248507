package io.a2pportal.reports;

import java.time.Instant;
import java.util.function.Predicate;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.files.FileStore;
import io.a2pportal.jobs.Backoff;
import io.a2pportal.reports.ReportGenerator.SupersededException;
import io.a2pportal.reports.ReportGenerator.Written;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * Generates one report, as a db-scheduler job. db-scheduler lets one worker at a time hold the
 * job and revives it on another worker when heartbeats stop. The report row adds a fence: each
 * claim raises {@code attempt} under a row lock, and a worker may store chunks, progress or the
 * result only while its attempt is the current one. So a worker presumed dead that wakes up again
 * cannot finish a report a second time, and the ready-mail is written once, with the result.
 */
@ApplicationScoped
public class ReportJob {

    private static final Logger LOG = Logger.getLogger(ReportJob.class);
    static final TaskDescriptor<Void> GENERATE = TaskDescriptor.of("generate-report");

    @Inject
    ReportGenerator generator;

    @Inject
    ReportMails mails;

    @Inject
    ReportsConfig config;

    @Inject
    EntityManager em;

    private record Claim(int attempt, ReportQuery query) {
    }

    /** Failing here makes db-scheduler retry the job after a backoff. */
    static class AttemptFailedException extends RuntimeException {
        AttemptFailedException(long reportId, int attempt, Throwable cause) {
            super("Attempt " + attempt + " of report " + reportId + " failed", cause);
        }
    }

    @Produces
    @Singleton
    Task<Void> generateTask() {
        return Tasks.oneTime(GENERATE)
                .onFailure(new Backoff<>(config.retryFirst(), config.retryCeiling()))
                .onDeadExecutionRevive()
                .execute((instance, context) -> run(Long.parseLong(instance.getId()), context.getExecution().pickedBy,
                        context.getExecution().consecutiveFailures));
    }

    /**
     * One try at the report. A step around the generation that fails (the claim, the finish, the
     * mail) is retried like a failed generation, and after as many tries in all the report ends
     * failed rather than waiting for ever.
     */
    void run(long reportId, String worker, int earlierFailures) {
        try {
            run(reportId, worker);
        } catch (AttemptFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            int tries = earlierFailures + 1;
            if (tries < config.maxAttempts()) {
                throw e;
            }
            LOG.errorf(e, "Report %d: try %d failed, the report is failed", reportId, tries);
            endFailed(reportId, Report::isActive, "The report could not be generated after " + tries
                    + " attempts. The last one stopped with: " + describe(e));
        }
    }

    void run(long reportId, String worker) {
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(reportId, worker));
        if (claim == null) {
            return;
        }
        if (claim.query() == null) {
            // every attempt so far ended with its worker gone, so this report may be what kills them
            endFailed(reportId, Report::isActive, "The report could not be generated: its generation was interrupted "
                    + claim.attempt() + " times.");
            return;
        }
        Written written;
        try {
            written = generator.generate(reportId, claim.attempt(), claim.query());
        } catch (SupersededException e) {
            LOG.infof("Report %d: attempt %d was taken over by another worker", reportId, claim.attempt());
            return;
        } catch (Exception e) {
            failed(reportId, claim.attempt(), e);
            return;
        }
        boolean finished = QuarkusTransaction.requiringNew().call(() -> finish(reportId, claim.attempt(), written));
        if (!finished) {
            LOG.infof("Report %d: attempt %d finished after another worker took it over; its file is dropped", reportId,
                    claim.attempt());
            discard(reportId, claim.attempt());
        }
    }

    /**
     * Takes the report for a new attempt, or returns null when there is nothing (more) to do, or a
     * claim without a query when the attempts are used up.
     */
    private Claim claim(long reportId, String worker) {
        Report report = Report.findById(reportId, LockModeType.PESSIMISTIC_WRITE);
        if (report == null || !report.isActive()) {
            return null;
        }
        if (report.attempt >= config.maxAttempts()) {
            return new Claim(report.attempt, null);
        }
        report.attempt++;
        report.state = ReportState.RUNNING;
        report.worker = worker;
        report.startedAt = Instant.now();
        report.rowsWritten = 0;
        ReportQuery query = ReportQuery.of(report);
        report.rowsExpected = ((Number) em.createNativeQuery(query.count()).getSingleResult()).longValue();
        LOG.infof("Report %d: attempt %d started on %s, %d rows expected", reportId, report.attempt, worker,
                report.rowsExpected);
        return new Claim(report.attempt, query);
    }

    private boolean finish(long reportId, int attempt, Written written) {
        Report report = Report.findById(reportId, LockModeType.PESSIMISTIC_WRITE);
        if (report == null || report.attempt != attempt || report.state != ReportState.RUNNING) {
            return false;
        }
        report.state = ReportState.READY;
        report.rowsWritten = written.rows();
        report.csvBytes = written.csvBytes();
        report.fileBytes = written.fileBytes();
        report.reason = null;
        report.finishedAt = Instant.now();
        report.expiresAt = report.finishedAt.plus(config.retention());
        em.unwrap(Session.class).doWork(c -> FileStore.deleteOtherVersions(c, ReportGenerator.key(reportId, attempt)));
        mails.ready(report);
        LOG.infof("Report %d: ready, %d rows, %d bytes stored", reportId, written.rows(), written.fileBytes());
        return true;
    }

    private void failed(long reportId, int attempt, Exception cause) {
        LOG.warnf(cause, "Report %d: attempt %d failed", reportId, attempt);
        discard(reportId, attempt);
        Predicate<Report> current = report -> report.attempt == attempt && report.state == ReportState.RUNNING;
        if (attempt >= config.maxAttempts()) {
            endFailed(reportId, current, "The report could not be generated after " + attempt
                    + " attempts. The last one stopped with: " + describe(cause));
            return;
        }
        boolean retry = QuarkusTransaction.requiringNew().call(() -> {
            Report report = Report.findById(reportId, LockModeType.PESSIMISTIC_WRITE);
            if (report == null || !current.test(report)) {
                return false;
            }
            report.state = ReportState.QUEUED;
            report.reason = "Attempt " + attempt + " did not complete (" + describe(cause) + "); it will be retried.";
            return true;
        });
        if (retry) {
            throw new AttemptFailedException(reportId, attempt, cause);
        }
    }

    /**
     * Ends the report as failed, if {@code current} still holds for it, with the mail saying so in
     * the same transaction; when the mail cannot be written, the report still ends failed, without it.
     */
    private void endFailed(long reportId, Predicate<Report> current, String reason) {
        try {
            QuarkusTransaction.requiringNew().run(() -> fail(reportId, current, reason, true));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Report %d: the mail saying it failed could not be written", reportId);
            QuarkusTransaction.requiringNew().run(() -> fail(reportId, current, reason, false));
        }
    }

    private void fail(long reportId, Predicate<Report> current, String reason, boolean mail) {
        Report report = Report.findById(reportId, LockModeType.PESSIMISTIC_WRITE);
        if (report == null || !current.test(report)) {
            return;
        }
        report.state = ReportState.FAILED;
        report.reason = reason;
        report.finishedAt = Instant.now();
        if (mail) {
            mails.failed(report);
        }
        LOG.warnf("Report %d failed: %s", report.id, reason);
    }

    private void discard(long reportId, int attempt) {
        try {
            generator.discard(reportId, attempt);
        } catch (Exception e) {
            LOG.warnf(e, "Report %d: chunks of attempt %d are left for the retention sweep", reportId, attempt);
        }
    }

    /** The innermost cause's message, short enough for a page and a mail. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                : root.getMessage().strip();
        message = message.replaceAll("\\s+", " ");
        return message.length() <= 300 ? message : message.substring(0, 297) + "...";
    }
}
