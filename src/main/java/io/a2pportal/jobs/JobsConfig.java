package io.a2pportal.jobs;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the background workers poll and how quickly a dead worker's job is taken over. */
@ConfigMapping(prefix = "portal.jobs")
public interface JobsConfig {

    /** Off for an instance that should serve pages only and leave the jobs to other instances. */
    @WithDefault("true")
    boolean enabled();

    /** Jobs one instance runs at once. */
    @WithDefault("4")
    int threads();

    @WithDefault("5s")
    Duration pollingInterval();

    /**
     * A running job's heartbeat. After {@link #missedHeartbeats()} missed beats the job counts as
     * dead and another instance revives it: 5 s times 6 is dead after 30 s, and db-scheduler's check
     * for dead jobs (every two heartbeats) and the next poll make the takeover about 35 s (25 to 45 s).
     */
    @WithDefault("5s")
    Duration heartbeatInterval();

    @WithDefault("6")
    int missedHeartbeats();

    /**
     * How long shutdown waits for running jobs. A job still running then is interrupted, and
     * another instance takes it over once its heartbeats have stopped.
     */
    @WithDefault("10s")
    Duration shutdownWait();
}
