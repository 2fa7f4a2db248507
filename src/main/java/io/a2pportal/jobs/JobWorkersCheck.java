package io.a2pportal.jobs;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reports this instance's job workers on /q/health/ready: down while they are not running (not yet
 * started, or stopping so that their jobs can pass to other instances). An instance configured to
 * serve pages only ({@code portal.jobs.enabled=false}) is ready without them.
 */
@Readiness
@ApplicationScoped
public class JobWorkersCheck implements HealthCheck {

    @Inject
    JobScheduler scheduler;

    @Inject
    JobsConfig config;

    @Override
    public HealthCheckResponse call() {
        boolean running = scheduler.running();
        return HealthCheckResponse.named("job workers")
                .status(!config.enabled() || running)
                .withData("enabled", config.enabled())
                .withData("running", running)
                .withData("threads", config.threads())
                .build();
    }
}
