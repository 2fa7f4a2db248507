package io.a2pportal.journeys;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The portal against a real Keycloak and a real SMTP server instead of Dev Services for OIDC and
 * the mock mailbox. Only the journey tests use it; every other test keeps the fakes.
 */
public class RealServicesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // the journey sends the vendor's events through the simulator, as dev mode offers it
        return Map.of("quarkus.oidc.devservices.enabled", "false", "portal.events.simulator.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class), new TestResourceEntry(GreenMailServer.class));
    }
}
