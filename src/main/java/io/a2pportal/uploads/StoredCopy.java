package io.a2pportal.uploads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The stored copy of an upload, written on the managed executor while the file is imported. A
 * status report's import starts it once it holds the tree's lock, so that it runs beside the
 * applying of the changes (a wait on the database, while the reading thread has time to spare),
 * and waits for it before settling the upload.
 */
final class StoredCopy {

    private final Executor executor;
    private final Supplier<String> store;
    private CompletableFuture<String> copy;

    private StoredCopy(Executor executor, Supplier<String> store) {
        this.executor = executor;
        this.store = store;
    }

    /** A copy written by {@code store}, which returns the file's SHA-256. */
    static StoredCopy of(Executor executor, Supplier<String> store) {
        return new StoredCopy(executor, store);
    }

    /** A copy already stored. */
    static StoredCopy done() {
        StoredCopy copy = new StoredCopy(null, () -> null);
        copy.copy = CompletableFuture.completedFuture(null);
        return copy;
    }

    /** Starts writing the copy, unless it is started already. */
    synchronized void start() {
        if (copy == null) {
            copy = CompletableFuture.supplyAsync(store, executor);
        }
    }

    /** Starts the copy if need be and waits for it: the file's SHA-256. */
    String await() {
        start();
        try {
            return copy.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("The upload could not be stored", e.getCause());
        }
    }
}
