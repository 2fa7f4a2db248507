package io.a2pportal.events;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Event Streams sink and the processing of its inbox ({@code portal.events.*}). */
@ConfigMapping(prefix = "portal.events")
public interface EventsConfig {

    /** The largest delivery accepted, at most 1M (the vendor documents batches of 64 kB at most). */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /** Deliveries applied in one transaction by a drain of the inbox. */
    @WithDefault("100")
    int drainBatch();

    /**
     * How often the durable job sweeps the inbox. Each instance drains what it acknowledges at once;
     * the sweep takes what an instance that died (or serves no jobs) left behind.
     */
    @WithDefault("2s")
    Duration sweepInterval();

    /**
     * How long an instance waits, once it has acknowledged a delivery, before it drains the inbox:
     * the deliveries of that moment are then applied in one transaction.
     */
    @WithDefault("100ms")
    Duration drainDelay();

    /**
     * How long the sink keeps a tree's credentials (its Basic password's hash and its auth tokens,
     * opened) in memory: a token replaced takes effect within that time.
     */
    @WithDefault("5s")
    Duration credentialsCache();

    /** Tries of a delivery whose processing fails unexpectedly, after which it is set aside with a problem. */
    @WithDefault("3")
    int maxAttempts();

    /** How long a processed delivery's raw body is kept. */
    @WithDefault("P1D")
    Duration deliveryRetention();

    /**
     * How long the record of each event is kept: an event redelivered within that time applies
     * nothing; the Live updates page counts events of the last 24 hours from it.
     */
    @WithDefault("P30D")
    Duration receivedRetention();

    /** How long the problems listed for the owner are kept. */
    @WithDefault("P30D")
    Duration problemRetention();

    @WithDefault("1h")
    Duration retentionInterval();

    /** Refused requests are all counted; one of them is listed as a problem per this interval and sink. */
    @WithDefault("1m")
    Duration refusedListedEvery();

    /** The stand-in for the vendor that sends signed test batches from the Live updates page: dev mode, or where switched on. */
    Simulator simulator();

    interface Simulator {
        @WithDefault("false")
        boolean enabled();
    }
}
