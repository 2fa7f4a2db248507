package io.a2pportal.journeys;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The portal against a real Keycloak whose tokens, and so the portal's sessions, last seconds. */
public class ShortTokensProfile implements QuarkusTestProfile {

    static final int TOKEN_SECONDS = 10;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.devservices.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class,
                Map.of(KeycloakServer.ACCESS_TOKEN_LIFESPAN, String.valueOf(TOKEN_SECONDS))));
    }
}
