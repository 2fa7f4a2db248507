package io.a2pportal.uploads;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "portal.uploads")
public interface UploadsConfig {

    /** The largest file accepted, as uploaded (compressed or not). */
    @WithDefault("104857600")
    long maxBytes();

    /** The most a gzip file may expand to. */
    @WithDefault("536870912")
    long maxExpandedBytes();

    /** The longest line accepted, in characters. */
    @WithDefault("4096")
    int maxLineLength();

    /** How many row errors are kept for the error list; all are counted. */
    @WithDefault("100000")
    int keptErrors();

    /** Files at least this large (as uploaded) are imported in the background with progress. */
    @WithDefault("4194304")
    long backgroundFromBytes();

    /**
     * When the upload's job first checks on an upload its request is handling: if the request died
     * (its process killed), the job imports the file or ends the upload as failed. While the
     * request is alive the job checks again this much later.
     */
    @WithDefault("2m")
    Duration requestBackstop();

    /** Attempts at importing an upload (each a worker or request that died or failed) before it ends as failed. */
    @WithDefault("5")
    int maxAttempts();
}
