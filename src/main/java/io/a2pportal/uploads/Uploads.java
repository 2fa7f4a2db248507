package io.a2pportal.uploads;

import java.nio.file.Path;
import java.time.Instant;

import javax.sql.DataSource;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    private static void recordDigest(long id, StoredCopy copy) {
        String sha256 = copy.await();
        QuarkusTransaction.requiringNew().run(() -> Upload.<Upload> findById(id).sha256 = sha256);
    }

    /** An unexpected failure: the upload, unless settled already, ends failed with a reason its page shows. */
    private void failed(long id, RuntimeException e) {
        LOG.errorf(e, "Upload %d failed unexpectedly", id);
        try (java.sql.Connection c = dataSource.getConnection()) {
            UploadProcessor.failUnsettled(c, id);
        } catch (java.sql.SQLException | RuntimeException f) {
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
            return upload.id;
        });
        StoredCopy copy = StoredCopy.of(id, () -> {
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
                return id;
            }
            jobs.schedule(UploadJob.IMPORT.instance(String.valueOf(id)).scheduledTo(Instant.now()));
        } else {
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
            if (queued) {
                // another status report of the tree is being imported: this one is imported after it, in the background
                jobs.schedule(UploadJob.IMPORT.instance(String.valueOf(id)).scheduledTo(Instant.now()));
            }
        }
        return id;
    }
}
