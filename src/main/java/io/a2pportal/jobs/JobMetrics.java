package io.a2pportal.jobs;

import java.util.Locale;

import com.github.kagkarlsson.scheduler.stats.StatsRegistry;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Times every finished job, by task and result: {@code portal_jobs_seconds{task, result}} in Prometheus. */
@ApplicationScoped
public class JobMetrics implements StatsRegistry {

    @Inject
    MeterRegistry registry;

    @Override
    public void registerSingleCompletedExecution(ExecutionComplete complete) {
        Timer.builder("portal.jobs")
                .description("Background job executions, by task and result")
                .tag("task", complete.getExecution().taskInstance.getTaskName())
                .tag("result", complete.getResult().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .record(complete.getDuration());
    }

    @Override
    public void register(SchedulerStatsEvent event) {
    }

    @Override
    public void register(CandidateStatsEvent event) {
    }

    @Override
    public void register(ExecutionStatsEvent event) {
    }
}
