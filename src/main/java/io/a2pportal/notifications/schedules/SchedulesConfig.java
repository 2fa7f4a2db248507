package io.a2pportal.notifications.schedules;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "portal.schedules")
public interface SchedulesConfig {

    /** How often due schedules are looked for: a run starts at most this long after its time. */
    @WithDefault("30s")
    Duration checkInterval();

    /** Schedules one scope may have. */
    @WithDefault("20")
    int maxPerScope();
}
