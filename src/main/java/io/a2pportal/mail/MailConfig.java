package io.a2pportal.mail;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "portal.mail")
public interface MailConfig {

    /** Wait after the first failed delivery; it doubles after each further failure, up to {@link #retryCeiling()}. */
    @WithDefault("30s")
    Duration retryFirst();

    @WithDefault("1h")
    Duration retryCeiling();
}
