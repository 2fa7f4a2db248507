package io.a2pportal.journeys;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The portal against a real Keycloak whose tokens last seconds, with sessions that end after
 * {@link #IDLE_SECONDS} without a request and {@link #MAX_LIFETIME_SECONDS} after the login.
 */
public class ShortTokensProfile implements QuarkusTestProfile {

    static final int TOKEN_SECONDS = 10;
    static final int IDLE_SECONDS = 15;
    static final int MAX_LIFETIME_SECONDS = 60;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.devservices.enabled", "false",
                "portal.session.idle", IDLE_SECONDS + "s",
                "portal.session.max-lifetime", MAX_LIFETIME_SECONDS + "s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class,
                Map.of(KeycloakServer.ACCESS_TOKEN_LIFESPAN, String.valueOf(TOKEN_SECONDS))));
    }
}
