package io.a2pportal.reports;

import java.time.Instant;
import java.util.List;

import io.a2pportal.accounts.Account;
import io.a2pportal.mail.OutboxMail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Reads and arranges report rows where a test needs more than the pages give. */
@ApplicationScoped
class ReportFixtures {

    @Inject
    EntityManager em;

    @Transactional
    Report report(long id) {
        return Report.findById(id);
    }

    @Transactional
    List<OutboxMail> mails(long reportId) {
        return OutboxMail.list("reportId", reportId);
    }

    /** How many reports the tree has, of any scope and state. */
    @Transactional
    long count(Account root) {
        return Report.count("rootAccount.id", root.id);
    }

    @Transactional
    void expireNow(long id) {
        Report report = Report.findById(id);
        report.expiresAt = Instant.now().minusSeconds(1);
    }

    /** A report waiting in the queue with no job behind it, so it stays queued. */
    @Transactional
    Report queuedWithoutJob(Account root, Account account, String requester) {
        Report report = new Report();
        report.rootAccount = Account.findById(root.id);
        report.account = account == null ? null : Account.findById(account.id);
        report.requestedBy = requester;
        report.persist();
        return report;
    }

    /** A report part-way through generation, with no job behind it, so it stays so. */
    @Transactional
    Report runningWithoutJob(Account root, String requester, long written, long expected) {
        Report report = queuedWithoutJob(root, null, requester);
        report.state = ReportState.RUNNING;
        report.attempt = 1;
        report.rowsWritten = written;
        report.rowsExpected = expected;
        return report;
    }

    /**
     * What a worker killed during generation leaves behind: the report running under its attempt,
     * part of a file, and db-scheduler's execution still picked by it, with heartbeats long stopped.
     */
    @Transactional
    Report leftRunningByDeadWorker(Account root, String requester, String email) {
        Report report = new Report();
        report.rootAccount = Account.findById(root.id);
        report.requestedBy = requester;
        report.notifyEmail = email;
        report.state = ReportState.RUNNING;
        report.attempt = 1;
        report.worker = "dead-worker";
        report.startedAt = Instant.now().minusSeconds(600);
        report.rowsWritten = 3;
        report.persistAndFlush();
        em.createNativeQuery("insert into file_chunk (owner, owner_id, version, seq, data) values ('report', ?1, 1, 0, ?2)")
                .setParameter(1, report.id).setParameter(2, new byte[] { 31, -117, 8, 0, 1, 2, 3 }).executeUpdate();
        em.createNativeQuery("""
                insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by,
                    last_heartbeat, version)
                values ('generate-report', ?1, null, now() - interval '10 minutes', true, 'dead-worker',
                    now() - interval '10 minutes', 2)
                """).setParameter(1, String.valueOf(report.id)).executeUpdate();
        return report;
    }
}
