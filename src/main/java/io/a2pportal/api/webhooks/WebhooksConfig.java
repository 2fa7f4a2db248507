package io.a2pportal.api.webhooks;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook endpoints and deliveries ({@code portal.webhooks.*}). */
@ConfigMapping(prefix = "portal.webhooks")
public interface WebhooksConfig {

    /**
     * Accepts endpoints on loopback, private and link-local addresses, over plain HTTP too: for
     * tests and dev mode only. Production refuses them, so that no one points the portal at its own
     * network.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** How often the recurring job turns what changed into webhook events. */
    @WithDefault("5s")
    Duration emitInterval();

    /** The wait before the second attempt; it doubles with each failed attempt up to {@link #retryCeiling()}. */
    @WithDefault("10s")
    Duration retryFirst();

    @WithDefault("1h")
    Duration retryCeiling();

    /**
     * How long after its event a delivery is retried, and how long an endpoint may fail without a
     * single delivered attempt before it is disabled.
     */
    @WithDefault("24h")
    Duration retryFor();

    /** Connect and response timeouts of one attempt. */
    @WithDefault("10s")
    Duration timeout();

    /** How long events are kept, with their deliveries and the attempts the log shows. */
    @WithDefault("P30D")
    Duration retention();

    /** Status changes in one {@code number.status_changed} event. */
    @WithDefault("100")
    int changesPerEvent();
}
