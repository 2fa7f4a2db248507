package io.a2pportal.uploads;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stored copy of an upload being written on a thread of its own while the file is imported.
 * A status report's import starts it once the tree is listed, so that it runs beside the applying
 * of the changes (the longer part, a wait on the database, while the reading thread has time to
 * spare), and waits for it before settling the upload.
 */
final class StoredCopy {

    private final FutureTask<String> task;
    private final String threadName;
    private final AtomicBoolean started = new AtomicBoolean();

    private StoredCopy(String threadName, Callable<String> store) {
        this.threadName = threadName;
        this.task = new FutureTask<>(store);
    }

    /** A copy written by {@code store}, which returns the file's SHA-256. */
    static StoredCopy of(long uploadId, Callable<String> store) {
        return new StoredCopy("upload-" + uploadId + "-store", store);
    }

    /** A copy already stored. */
    static StoredCopy done() {
        StoredCopy copy = new StoredCopy(null, () -> null);
        copy.started.set(true);
        copy.task.run();
        return copy;
    }

    /** Starts writing the copy, unless it is started already. */
    void start() {
        if (started.compareAndSet(false, true)) {
            Thread.ofPlatform().name(threadName).start(task);
        }
    }

    /** Starts the copy if need be and waits for it: the file's SHA-256. */
    String await() {
        start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the upload was being stored", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The upload could not be stored", e.getCause());
        }
    }
}
