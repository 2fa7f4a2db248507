package io.a2pportal.uploads;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The import's steps in tests, told by the file's name: an upload of a file named with
 * "break-after-STEP" fails after that step, one named with "hold-at-STEP" waits there until the
 * test lets it go. What each file's import reached is recorded, for a test to see its premise.
 */
@ApplicationScoped
public class TestImportSteps extends ImportSteps {

    private final Map<String, Map<Step, Long>> reached = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> released = new ConcurrentHashMap<>();

    @Override
    public void reached(Step step, long uploadId, String fileName, long count) {
        reached.computeIfAbsent(fileName, name -> new ConcurrentHashMap<>()).merge(step, count, Math::max);
        String name = step.name().toLowerCase(Locale.ROOT);
        if (fileName.contains("break-after-" + name)) {
            throw new IllegalStateException("The test breaks the import after step " + name);
        }
        if (fileName.contains("hold-at-" + name)) {
            latch(held, uploadId).countDown();
            try {
                if (!latch(released, uploadId).await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The test did not let upload " + uploadId + " go on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The largest count an import of the file reported at the step; -1 when it did not reach it. */
    long count(String fileName, Step step) {
        return reached.getOrDefault(fileName, Map.of()).getOrDefault(step, -1L);
    }

    /** Waits until the upload holds at its step. */
    void awaitHeld(long uploadId) throws InterruptedException {
        if (!latch(held, uploadId).await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Upload " + uploadId + " did not reach its step");
        }
    }

    /** Lets a held upload go on. */
    void release(long uploadId) {
        latch(released, uploadId).countDown();
    }

    private static CountDownLatch latch(Map<Long, CountDownLatch> latches, long uploadId) {
        return latches.computeIfAbsent(uploadId, id -> new CountDownLatch(1));
    }
}
