package io.a2pportal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges of how many rows of a table are in each state, across all tenants and replicas. One
 * {@code group by} answers every state; it runs at most once per {@link #MAX_AGE}, however often
 * and by however many scrapers the metrics are read.
 */
public final class StateCounts {

    static final Duration MAX_AGE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final String sql;
    private Map<String, Long> counts = Map.of();
    private long readAt;

    private StateCounts(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.sql = "select state, count(*) from " + table + " group by state";
    }

    /** Registers {@code name{state=...}} for each state of {@code table}. */
    public static void register(MeterRegistry registry, DataSource dataSource, String name, String description,
            String table, Enum<?>[] states) {
        StateCounts counts = new StateCounts(dataSource, table);
        for (Enum<?> state : states) {
            Supplier<Number> count = () -> counts.count(state.name());
            Gauge.builder(name, count).description(description).tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    synchronized long count(String state) {
        if (System.nanoTime() - readAt > MAX_AGE.toNanos() || readAt == 0) {
            counts = read();
            readAt = System.nanoTime();
        }
        return counts.getOrDefault(state, 0L);
    }

    private Map<String, Long> read() {
        Map<String, Long> read = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                read.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            // a database that cannot answer shows in the readiness check; keep the last counts
            return counts;
        }
        return read;
    }
}
