package io.a2pportal.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

/** The database around what the benchmarks time: a checkpoint before, and the COPY they are timed against. */
final class BenchDatabase {

    private BenchDatabase() {
    }

    /**
     * As in a server where the numbers were last written long ago: each page a change touches is
     * then written whole to the log once more.
     */
    static void checkpoint(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("checkpoint");
        }
    }

    /** Seconds that COPY FROM STDIN takes to load the status report file (with a header line, or not) into a scratch table. */
    static double copySeconds(DataSource dataSource, Path file, boolean header) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            st.execute("create temporary table copy_bench (account_sid varchar(34), campaign_sid varchar(34), "
                    + "service_sid varchar(34), e164 varchar(16), status varchar(32))");
            long start = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy copy_bench from stdin with (format csv, header " + header + ")",
                    reader);
            double seconds = (System.nanoTime() - start) / 1e9;
            st.execute("drop table copy_bench");
            return seconds;
        }
    }
}
