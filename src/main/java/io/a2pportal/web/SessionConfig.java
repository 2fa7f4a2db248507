package io.a2pportal.web;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a login lasts: while the user works, up to a maximum (see application.properties). */
@ConfigMapping(prefix = "portal.session")
public interface SessionConfig {

    /** A session with no request for this long ends (the session cookie's age beyond the tokens'). */
    @WithDefault("30m")
    Duration idle();

    /** A session ends this long after the user entered their password, however active they are. */
    @WithDefault("10h")
    Duration maxLifetime();
}
