package io.a2pportal.uploads;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Receives an uploaded file: records it, stores it, and has it processed, right away when it is
 * small, by a background job with progress when it is large.
 */
@ApplicationScoped
public class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class);

    @Inject
    DataSource dataSource;

    @Inject
    UploadProcessor processor;

    @Inject
    UploadsConfig limits;

    @Inject
    io.a2pportal.jobs.JobScheduler jobs;

    @Inject
    ManagedExecutor executor;

    private static void recordDigest(long id, StoredCopy copy) {
        String sha256 = copy.await();
        QuarkusTransaction.requiringNew().run(() -> Upload.<Upload> findById(id).sha256 = sha256);
    }

    /** An unexpected failure: the upload, unless settled already, ends failed with a reason its page shows. */
    private void failed(long id, RuntimeException e) {
        LOG.errorf(e, "Upload %d failed unexpectedly", id);
        try {
            Upload.failUnsettled(id);
        } catch (RuntimeException f) {
            LOG.errorf(f, "Upload %d could not be marked as failed", id);
        }
    }

    public long receive(TenantScope scope, String user, String fileName, Path file, long size) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            Upload upload = new Upload();
            upload.rootAccountId = scope.rootId();
            upload.account = scope.accountId() == null ? null : Account.findById(scope.accountId());
            upload.kind = UploadKind.STATUS_REPORT;
            upload.fileName = fileName.length() > 255 ? fileName.substring(0, 255) : fileName;
            upload.sizeBytes = size;
            upload.sha256 = Upload.NO_DIGEST;
            upload.uploadedBy = user;
            upload.state = UploadState.QUEUED;
            upload.persist();
            // committed with the upload: should this request die before the upload is settled (or
            // handed to the job), the job finds it unsettled and imports it or ends it as failed
            jobs.schedule(UploadJob.IMPORT.instance(String.valueOf(upload.id)).scheduledTo(Instant.now().plus(limits.requestBackstop())));
            return upload.id;
        });
        Receiving receiving;
        try {
            receiving = Receiving.hold(dataSource, id);
        } catch (RuntimeException e) {
            failed(id, e);
            return id;
        }
        boolean background;
        try (receiving) {
            background = handle(id, file, size);
        } catch (RuntimeException e) {
            // the upload is settled or in its job's hands, which takes it once the connection holding the lock is gone
            LOG.errorf(e, "Upload %d: the request could not release its lock", id);
            return id;
        }
        if (background) {
            jobs.runNow(TaskInstanceId.of(UploadJob.IMPORT.getTaskName(), String.valueOf(id)));
        }
        return id;
    }

    /** Stores the upload and, when it is small, imports it; true when the job is to import it now. */
    private boolean handle(long id, Path file, long size) {
        StoredCopy copy = StoredCopy.of(executor, () -> {
            long start = System.nanoTime();
            String sha256 = StoredFile.store(dataSource, id, file);
            LOG.infof("Upload %d: %d bytes stored in %.2f s", id, size, (System.nanoTime() - start) / 1e9);
            return sha256;
        });
        if (size >= limits.backgroundFromBytes()) {
            try {
                recordDigest(id, copy);
            } catch (RuntimeException e) {
                failed(id, e);
                return false;
            }
            return true;
        }
        // the file is read from where it was received while its copy is stored
        boolean queued = false;
        try {
            queued = !processor.process(id, file, copy);
        } catch (RuntimeException e) {
            failed(id, e);
        }
        try {
            recordDigest(id, copy);
        } catch (RuntimeException e) {
            failed(id, e);
        }
        // when queued, another status report of the tree is being imported: this one is imported after it, in the background
        return queued;
    }

    /**
     * A session lock the request holds while it works on the upload. The upload's job leaves the
     * upload to its request while the lock is held; the database drops it with the connection when
     * the request's process dies.
     */
    static final class Receiving implements AutoCloseable {

        /** First key of the lock (the second is the upload). */
        static final int LOCK = 0x55504c52;

        private final Connection connection;
        private final long id;

        private Receiving(Connection connection, long id) {
            this.connection = connection;
            this.id = id;
        }

        static Receiving hold(DataSource dataSource, long id) {
            try {
                Connection connection = dataSource.getConnection();
                try (Statement st = connection.createStatement()) {
                    st.execute("select pg_advisory_lock(" + LOCK + ", " + Long.hashCode(id) + ")");
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
                return new Receiving(connection, id);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot lock upload " + id, e);
            }
        }

        /** Whether a live request holds the upload; asked on a connection of the caller's. */
        static boolean held(Connection c, long id) throws SQLException {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LOCK + ", " + Long.hashCode(id) + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return true;
                }
                st.execute("select pg_advisory_unlock(" + LOCK + ", " + Long.hashCode(id) + ")");
                return false;
            }
        }

        @Override
        public void close() {
            // the connection goes back to the pool, where the session and its locks live on
            try (Connection c = connection; Statement st = c.createStatement()) {
                st.execute("select pg_advisory_unlock(" + LOCK + ", " + Long.hashCode(id) + ")");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot unlock upload " + id, e);
            }
        }
    }
}
