package io.a2pportal.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.files.FileStore;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Retention deletes the file of an expired report, and at once those of attempts no longer current. */
@QuarkusTest
class ReportRetentionTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ReportFixtures reports;

    @Inject
    ReportRetention retention;

    @Inject
    DataSource dataSource;

    @Test
    void expiredReportsAndOldAttemptsLoseTheirFiles() throws Exception {
        Report report = reports.queuedWithoutJob(fixtures.parent("Retention Parent"), null, "retention@reports.test");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update report set state = 'READY', attempt = 2, expires_at = now() + interval '1 day' where id = "
                    + report.id);
            store(c, ReportGenerator.key(report.id, 1), new byte[] { 1, 2, 3 });
            store(c, ReportGenerator.key(report.id, 2), new byte[] { 4, 5, 6 });

            retention.expire();
            assertArrayEquals(new byte[0], read(c, ReportGenerator.key(report.id, 1)), "the older attempt's file goes");
            assertArrayEquals(new byte[] { 4, 5, 6 }, read(c, ReportGenerator.key(report.id, 2)), "the ready file stays");

            st.executeUpdate("update report set expires_at = now() - interval '1 second' where id = " + report.id);
            retention.expire();
            assertEquals(ReportState.EXPIRED, reports.report(report.id).state);
            assertArrayEquals(new byte[0], read(c, ReportGenerator.key(report.id, 2)), "the expired report's file goes");
        }
    }

    private static void store(Connection c, FileStore.Key key, byte[] bytes) throws SQLException, IOException {
        try (OutputStream out = FileStore.writer(c, key, 1024)) {
            out.write(bytes);
        }
    }

    private static byte[] read(Connection c, FileStore.Key key) throws SQLException, IOException {
        try (InputStream in = FileStore.open(c, key)) {
            return in.readAllBytes();
        }
    }
}
