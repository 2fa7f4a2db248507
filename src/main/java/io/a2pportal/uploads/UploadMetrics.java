package io.a2pportal.uploads;

import javax.sql.DataSource;

import io.a2pportal.db.StateCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code portal_uploads{state}}: uploads by state (applied, rejected, failed, in progress), all tenants together. */
@ApplicationScoped
class UploadMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, DataSource dataSource) {
        StateCounts.register(registry, dataSource, "portal.uploads", "Uploaded files by state", "upload",
                UploadState.values());
    }
}
