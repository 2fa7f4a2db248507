package io.a2pportal.reports;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.sql.ResultSet;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.shared.CsvCells;
import io.a2pportal.troubleshooting.Advisor;
import io.a2pportal.troubleshooting.DiagnosisColumns;
import io.a2pportal.troubleshooting.FactsQuery;
import io.a2pportal.troubleshooting.NumberFacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes a report's file and reads it back. PostgreSQL's COPY streams the rows as CSV; they are
 * given CRLF line ends, gzip-compressed as they arrive and stored as numbered chunks of the attempt
 * that wrote them. Memory stays at a few buffers whatever the size of the report.
 */
@ApplicationScoped
public class ReportGenerator {

    @Inject
    DataSource dataSource;

    @Inject
    ReportsConfig config;

    @Inject
    Advisor advisor;

    /** What a finished file holds. */
    public record Written(long rows, long csvBytes, long fileBytes) {
    }

    /** The attempt is no longer the report's current one: another worker took the report over. */
    public static class SupersededException extends RuntimeException {
        SupersededException(long reportId, int attempt) {
            super("Attempt " + attempt + " of report " + reportId + " was superseded");
        }
    }

    /** Writes the file of one attempt, recording progress as chunks are stored. */
    public Written generate(long reportId, int attempt, ReportQuery query) throws SQLException, IOException {
        try (Connection source = dataSource.getConnection(); Connection store = dataSource.getConnection()) {
            ChunkStore chunks = new ChunkStore(store, reportId, attempt);
            CsvLineEndings csv = new CsvLineEndings(new FastGzip(chunks));
            chunks.rows = csv::rows;
            long headerRows;
            if (query.includeDiagnosis) {
                csv.write((ReportQuery.DIAGNOSIS_HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
                headerRows = csv.rows();
                writeWithDiagnosis(source, query, csv);
            } else {
                csv.write((ReportQuery.HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
                headerRows = csv.rows();
                source.unwrap(PGConnection.class).getCopyAPI().copyOut(query.copy(), csv);
            }
            csv.close();
            return new Written(csv.rows() - headerRows, csv.bytes(), chunks.stored);
        }
    }

    /**
     * The five columns plus Diagnosis and Remedy, from the advisor's facts of each number, streamed
     * through a server-side cursor. The free-text cells are neutralised against spreadsheet formulas.
     */
    private void writeWithDiagnosis(Connection source, ReportQuery query, OutputStream csv) throws SQLException, IOException {
        FactsQuery facts = query.facts();
        source.setAutoCommit(false);
        try (PreparedStatement statement = facts.bind(source.prepareStatement(facts.sql()))) {
            statement.setFetchSize(1000);
            Writer writer = new BufferedWriter(new OutputStreamWriter(CloseShield.of(csv), StandardCharsets.UTF_8), 64 * 1024);
            try (CsvWriter rows = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(writer);
                    ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    NumberFacts number = FactsQuery.toFacts(result);
                    if (!query.includes(number.status())) {
                        continue;
                    }
                    DiagnosisColumns.Cells cells = DiagnosisColumns.of(advisor, number);
                    rows.writeRecord(number.accountSid(), blank(number.campaignConsoleSid()),
                            number.campaignStatus() == CampaignStatus.VERIFIED ? blank(number.serviceSid()) : "",
                            number.e164(), number.status().name(), CsvCells.neutralise(cells.diagnosis()),
                            CsvCells.neutralise(cells.remedy()));
                }
            }
        } finally {
            source.commit();
            source.setAutoCommit(true);
        }
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    /** Lets the CSV writer flush into the report stream without closing it. */
    private static final class CloseShield extends java.io.FilterOutputStream {
        private CloseShield(OutputStream out) {
            super(out);
        }

        static OutputStream of(OutputStream out) {
            return new CloseShield(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Removes the chunks an attempt wrote before it failed. */
    public void discard(long reportId, int attempt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("delete from report_file_chunk where report_id = ? and attempt = ?")) {
            delete.setLong(1, reportId);
            delete.setInt(2, attempt);
            delete.executeUpdate();
        }
    }

    /** Streams the decompressed CSV of a report's current attempt to {@code out}. */
    public void copyCsv(long reportId, int attempt, OutputStream out) throws IOException {
        try (Connection connection = dataSource.getConnection();
                InputStream csv = new GZIPInputStream(new ChunkInput(connection, reportId, attempt), 64 * 1024)) {
            csv.transferTo(out);
        } catch (SQLException e) {
            throw new IOException("Cannot read report " + reportId, e);
        }
    }

    /** gzip at the fastest level: the file is mostly repeated SIDs, which compress well even so. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /**
     * Collects compressed bytes into chunks. Each chunk is stored in one statement together with the
     * progress, and only while the attempt is still the report's current one.
     */
    private final class ChunkStore extends OutputStream {
        private static final String STORE = """
                with current_attempt as (
                    update report set rows_written = ? where id = ? and attempt = ? and state = 'RUNNING' returning id)
                insert into report_file_chunk (report_id, attempt, seq, data) select id, ?, ?, ? from current_attempt
                """;

        private final Connection connection;
        private final long reportId;
        private final int attempt;
        private final byte[] chunk = new byte[config.chunkBytes()];
        private final long interval = config.progressInterval().toNanos();
        private LongSupplier rows = () -> 0;
        private int used;
        private int seq;
        private long stored;
        private long lastStore = System.nanoTime();

        ChunkStore(Connection connection, long reportId, int attempt) {
            this.connection = connection;
            this.reportId = reportId;
            this.attempt = attempt;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, chunk.length - used);
                System.arraycopy(b, off, chunk, used, n);
                used += n;
                off += n;
                len -= n;
                if (used == chunk.length || System.nanoTime() - lastStore > interval) {
                    store();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (used > 0 || seq == 0) {
                store();
            }
        }

        private void store() throws IOException {
            try (PreparedStatement insert = connection.prepareStatement(STORE)) {
                insert.setLong(1, rows.getAsLong());
                insert.setLong(2, reportId);
                insert.setInt(3, attempt);
                insert.setInt(4, attempt);
                insert.setInt(5, seq);
                insert.setBytes(6, used == chunk.length ? chunk : Arrays.copyOf(chunk, used));
                if (insert.executeUpdate() != 1) {
                    throw new SupersededException(reportId, attempt);
                }
            } catch (SQLException e) {
                throw new IOException("Cannot store chunk " + seq + " of report " + reportId, e);
            }
            stored += used;
            seq++;
            used = 0;
            lastStore = System.nanoTime();
        }
    }

    /** Reads an attempt's chunks in order, one at a time. */
    private static final class ChunkInput extends InputStream {
        private final PreparedStatement select;
        private byte[] chunk = new byte[0];
        private int pos;
        private int seq;
        private boolean done;

        ChunkInput(Connection connection, long reportId, int attempt) throws SQLException {
            select = connection.prepareStatement(
                    "select data from report_file_chunk where report_id = ? and attempt = ? and seq = ?");
            select.setLong(1, reportId);
            select.setInt(2, attempt);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == chunk.length) {
                if (done || !next()) {
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean next() throws IOException {
            try {
                select.setInt(3, seq++);
                try (ResultSet result = select.executeQuery()) {
                    if (!result.next()) {
                        done = true;
                        return false;
                    }
                    chunk = result.getBytes(1);
                    pos = 0;
                    return true;
                }
            } catch (SQLException e) {
                throw new IOException("Cannot read a report chunk", e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                select.close();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }
}
