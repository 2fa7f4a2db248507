package io.a2pportal.reports;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "portal.reports")
public interface ReportsConfig {

    /** Reports one scope may have queued or running at once. */
    @WithDefault("3")
    int maxActive();

    /** How long a ready report's file is kept. */
    @WithDefault("P7D")
    Duration retention();

    /** How often expired reports are looked for. */
    @WithDefault("PT15M")
    Duration expiryCheckInterval();

    /** Generation attempts (including ones whose worker died) before a report is marked failed. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before retrying a failed generation; it doubles with each further failure. */
    @WithDefault("30s")
    Duration retryFirst();

    @WithDefault("10m")
    Duration retryCeiling();

    /** Size of the compressed chunks the file is stored in. */
    @WithDefault("1048576")
    int chunkBytes();

    /** Longest wait between two progress updates while generating. */
    @WithDefault("1s")
    Duration progressInterval();
}
