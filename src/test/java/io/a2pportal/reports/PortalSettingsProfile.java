package io.a2pportal.reports;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The report settings the portal runs with (the defaults of {@link ReportsConfig}) instead of the
 * test profile's 4 KB chunks and 50 ms progress, which make the small test reports span many chunks.
 * A benchmark of the test profile's settings would time 30,000 chunk transactions at 10 M numbers.
 */
public class PortalSettingsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("%test.portal.reports.chunk-bytes", "1048576", "%test.portal.reports.progress-interval", "1s");
    }
}
