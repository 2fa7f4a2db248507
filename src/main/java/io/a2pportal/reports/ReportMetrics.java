package io.a2pportal.reports;

import javax.sql.DataSource;

import io.a2pportal.db.StateCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code portal_reports{state}}: reports by state, all tenants together. */
@ApplicationScoped
class ReportMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, DataSource dataSource) {
        StateCounts.register(registry, dataSource, "portal.reports", "CSV status reports by state", "report",
                ReportState.values());
    }
}
