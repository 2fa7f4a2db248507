package io.a2pportal.uploads;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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

    private static void recordDigest(long id, FutureTask<String> store) {
        String sha256;
        try {
            sha256 = store.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while upload " + id + " was stored", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Upload " + id + " could not be stored", e.getCause());
        }
        QuarkusTransaction.requiringNew().run(() -> Upload.<Upload> findById(id).sha256 = sha256);
    }

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
        FutureTask<String> store = new FutureTask<>(() -> {
            long start = System.nanoTime();
            String sha256 = StoredFile.store(dataSource, id, file);
            LOG.infof("Upload %d: %d bytes stored in %.2f s", id, size, (System.nanoTime() - start) / 1e9);
            return sha256;
        });
        if (size >= limits.backgroundFromBytes()) {
            store.run();
            recordDigest(id, store);
            jobs.schedule(UploadJob.IMPORT.instance(String.valueOf(id)).scheduledTo(Instant.now()));
        } else {
            // the copy is stored on a second thread while the file is read from where it was received
            Thread.ofPlatform().name("upload-" + id + "-store").start(store);
            try {
                processor.process(id, file, store);
            } finally {
                recordDigest(id, store);
            }
        }
        return id;
    }
}
