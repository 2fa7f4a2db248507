package io.a2pportal.uploads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.jobs.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Imports an upload in the background, on the same durable workers as reports: a worker that dies
 * mid-import is replaced, and the new attempt starts over from the stored file (the import is one
 * transaction, so a dead attempt left nothing behind).
 *
 * Every upload has this job from the moment it is recorded. A large one is brought forward once its
 * file is stored; for a small one, imported by its request, the job is the backstop: it waits while
 * the request is alive, finds the upload settled if the request finished, and otherwise (the
 * request's process died) imports the stored copy or, when the copy is incomplete, ends the upload
 * as failed.
 */
@ApplicationScoped
public class UploadJob {

    private static final Logger LOG = Logger.getLogger(UploadJob.class);
    static final TaskDescriptor<Void> IMPORT = TaskDescriptor.of("import-upload");
    static final String INTERRUPTED = "The import was interrupted; nothing was changed. Upload the file again.";
    /** Failures in a row (the database unreachable, say) after which the upload ends as failed. */
    static final int MAX_FAILURES = 6;

    @Inject
    UploadProcessor processor;

    @Inject
    UploadsConfig limits;

    @Inject
    DataSource dataSource;

    @Produces
    @Singleton
    Task<Void> importTask() {
        return Tasks.custom(IMPORT)
                .onFailure(new Backoff<>(Duration.ofSeconds(10), Duration.ofMinutes(5)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    if (run(Long.parseLong(instance.getId()), context.getExecution().consecutiveFailures)) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) -> operations.reschedule(complete,
                            complete.getTimeDone().plus(limits.requestBackstop()));
                });
    }

    /** Imports or fails the upload unless its request is still at it; false to check again later. */
    boolean run(long id, int earlierFailures) {
        try {
            if (earlierFailures >= MAX_FAILURES) {
                giveUp(id);
            } else if (requestAlive(id)) {
                return false;
            } else if (!failUnimportable(id)) {
                processor.process(id);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Upload " + id + " could not be checked", e);
        }
    }

    private boolean requestAlive(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Uploads.Receiving.held(c, id);
        }
    }

    /**
     * Ends the upload as failed when it cannot be imported: its stored copy is incomplete (a request
     * died before the copy's digest was recorded), or attempt after attempt died with its worker.
     * False when it is to be imported (or is settled, which the import sees).
     */
    private boolean failUnimportable(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("select sha256, attempt from upload where id = ? "
                    + "and state not in ('APPLIED', 'REJECTED', 'FAILED') for update")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return true;
                    }
                    boolean incomplete = Upload.NO_DIGEST.equals(rs.getString(1));
                    String reason;
                    if (incomplete) {
                        reason = INTERRUPTED;
                    } else if (rs.getInt(2) >= limits.maxAttempts()) {
                        // every attempt so far ended with its worker gone, so this file may be what kills them
                        reason = "The import was interrupted " + rs.getInt(2) + " times and was stopped; nothing was "
                                + "changed. If the file is very large, try it in smaller parts.";
                    } else {
                        c.rollback();
                        return false;
                    }
                    fail(c, id, reason);
                    // an incomplete copy is of no further use (what the dead attempt staged went with its transaction)
                    if (incomplete) {
                        StoredFile.delete(c, id);
                    }
                    c.commit();
                    LOG.warnf("Upload %d failed: %s", id, reason);
                    return true;
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The job failed again and again: the upload ends as failed rather than waiting for ever. */
    private void giveUp(long id) {
        Upload.failUnsettled(id);
        LOG.warnf("Upload %d: its job failed %d times in a row, the upload is failed", id, MAX_FAILURES);
    }

    private static void fail(Connection c, long id, String reason) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "update upload set state = 'FAILED', message = ?, finished_at = now() where id = ?")) {
            st.setString(1, reason);
            st.setLong(2, id);
            st.executeUpdate();
        }
    }
}
