package io.a2pportal.uploads;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.jobs.Backoff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;

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
    private boolean failUnimportable(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Upload upload = Upload.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (upload == null || upload.state.isSettled()) {
                return true;
            }
            boolean incomplete = Upload.NO_DIGEST.equals(upload.sha256);
            if (!incomplete && upload.attempt < limits.maxAttempts()) {
                return false;
            }
            upload.state = UploadState.FAILED;
            // every attempt so far ended with its worker gone, so this file may be what kills them
            upload.message = incomplete ? INTERRUPTED : "The import was interrupted " + upload.attempt + " times and was "
                    + "stopped; nothing was changed. If the file is very large, try it in smaller parts.";
            upload.finishedAt = Instant.now();
            if (incomplete) {
                // an incomplete copy is of no further use (what the dead attempt staged went with its transaction)
                try (Connection c = dataSource.getConnection()) {
                    StoredFile.delete(c, id);
                }
            }
            LOG.warnf("Upload %d failed: %s", id, upload.message);
            return true;
        });
    }

    /** The job failed again and again: the upload ends as failed rather than waiting for ever. */
    private void giveUp(long id) {
        Upload.failUnsettled(id);
        LOG.warnf("Upload %d: its job failed %d times in a row, the upload is failed", id, MAX_FAILURES);
    }
}
