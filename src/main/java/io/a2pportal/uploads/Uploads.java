package io.a2pportal.uploads;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Receives an uploaded file: records it, stores it, and has it processed, right away when it is
 * small, by a background job with progress when it is large.
 */
@ApplicationScoped
public class Uploads {

    @Inject
    DataSource dataSource;

    @Inject
    UploadProcessor processor;

    @Inject
    UploadsConfig limits;

    @Inject
    io.a2pportal.jobs.JobScheduler jobs;

    public long receive(TenantScope scope, String user, String fileName, Path file, long size) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            Upload upload = new Upload();
            upload.rootAccountId = scope.rootId();
            upload.account = scope.accountId() == null ? null : Account.findById(scope.accountId());
            upload.kind = UploadKind.STATUS_REPORT;
            upload.fileName = fileName.length() > 255 ? fileName.substring(0, 255) : fileName;
            upload.sizeBytes = size;
            upload.sha256 = "0".repeat(64);
            upload.uploadedBy = user;
            upload.state = UploadState.QUEUED;
            upload.persist();
            return upload.id;
        });
        long start = System.nanoTime();
        String sha256 = StoredFile.store(dataSource, id, file);
        org.jboss.logging.Logger.getLogger(Uploads.class).infof("Upload %d: %d bytes stored in %.2f s", id, size,
                (System.nanoTime() - start) / 1e9);
        QuarkusTransaction.requiringNew().run(() -> Upload.<Upload> findById(id).sha256 = sha256);
        if (size >= limits.backgroundFromBytes()) {
            jobs.schedule(UploadJob.IMPORT.instance(String.valueOf(id)).scheduledTo(java.time.Instant.now()));
        } else {
            processor.process(id);
        }
        return id;
    }
}
