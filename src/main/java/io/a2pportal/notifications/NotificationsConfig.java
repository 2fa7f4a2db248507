package io.a2pportal.notifications;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Alerts and digests ({@code portal.notifications.*}). */
@ConfigMapping(prefix = "portal.notifications")
public interface NotificationsConfig {

    /**
     * How often the failure alerts read what changed. Every failure a pass finds for a user goes in
     * one mail, so a status report or a burst of events that fails 10,000 numbers makes one mail.
     */
    @WithDefault("1m")
    Duration alertInterval();

    /** How often the aging alerts look for registrations that have become overdue since the last look. */
    @WithDefault("1h")
    Duration agingInterval();

    /** How often due digests are looked for. */
    @WithDefault("5m")
    Duration digestInterval();

    /**
     * How long after its period ends a digest waits: a change is stamped with the start of the
     * transaction that records it, so a status report being applied across midnight belongs to the
     * day before, and is counted there once it has committed.
     */
    @WithDefault("15m")
    Duration digestDelay();

    /** The numbers a mail lists by name; the rest it counts, and links to the page that lists them all. */
    @WithDefault("100")
    int listedNumbers();
}
