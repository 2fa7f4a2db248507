package io.a2pportal.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The retry settings a production instance gets when nobody sets them. */
class MailConfigTest {

    @Test
    void afterAnSmtpOutageWaitingMailIsRetriedAtLeastEveryMinute() {
        // Quarkus reads durations such as "30s" with its own converter
        SmallRyeConfig config = new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(MailConfig.class).build();
        MailConfig mail = config.getConfigMapping(MailConfig.class);
        assertEquals(Duration.ofSeconds(30), mail.retryFirst());
        assertEquals(Duration.ofMinutes(1), mail.retryCeiling());
    }
}
