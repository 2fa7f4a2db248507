package io.a2pportal.uploads;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.jobs.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Imports a large upload in the background, on the same durable workers as reports: a worker that
 * dies mid-import is replaced, and the new attempt starts over from the stored file (the import is
 * one transaction, so a dead attempt left nothing behind).
 */
@ApplicationScoped
public class UploadJob {

    static final TaskDescriptor<Void> IMPORT = TaskDescriptor.of("import-upload");

    @Inject
    UploadProcessor processor;

    @Produces
    @Singleton
    Task<Void> importTask() {
        return Tasks.oneTime(IMPORT)
                .onFailure(new Backoff<>(Duration.ofSeconds(10), Duration.ofMinutes(5)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> processor.process(Long.parseLong(instance.getId())));
    }
}
