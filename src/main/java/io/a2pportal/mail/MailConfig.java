package io.a2pportal.mail;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "portal.mail")
public interface MailConfig {

    /** Wait after the first failed delivery; it doubles after each further failure, up to {@link #retryCeiling()}. */
    @WithDefault("30s")
    Duration retryFirst();

    /**
     * The longest wait between two attempts: after an SMTP outage the waiting mails go out within
     * this (plus one poll of the job workers) of the server's return.
     */
    @WithDefault("1m")
    Duration retryCeiling();
}
