package io.a2pportal.reports;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.sql.ResultSet;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.a2pportal.files.FileStore;
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
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes a report's file and reads it back. PostgreSQL's COPY streams the rows as CSV; they are
 * given CRLF line ends, gzip-compressed as they arrive and stored in the file store as the file of
 * the attempt that wrote them. Memory stays at a few buffers whatever the size of the report.
 */
@ApplicationScoped
public class ReportGenerator {

    /** The owner of reports' files in the file store. */
    static final String FILE_OWNER = "report";

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
            Progress progress = new Progress(reportId, attempt);
            FileStore.Writer chunks = FileStore.writer(store, key(reportId, attempt), config.chunkBytes(),
                    config.progressInterval(), progress);
            CsvLineEndings csv = new CsvLineEndings(new FastGzip(chunks));
            progress.rows = csv::rows;
            csv.write((query.header() + "\n").getBytes(StandardCharsets.US_ASCII));
            long headerRows = csv.rows();
            if (query.includeDiagnosis) {
                writeWithDiagnosis(source, query, csv);
            } else {
                copyRows(source, query, csv);
            }
            csv.close();
            return new Written(csv.rows() - headerRows, csv.bytes(), chunks.bytes());
        }
    }

    /**
     * COPY's rows, each in the message it came in: the row's line end is known to be its last byte,
     * so the CSV is not scanned byte by byte for quotes and line ends.
     */
    private static void copyRows(Connection source, ReportQuery query, CsvLineEndings csv) throws SQLException, IOException {
        CopyOut copy = source.unwrap(PGConnection.class).getCopyAPI().copyOut(query.copy());
        try {
            byte[] row;
            while ((row = copy.readFromCopy()) != null) {
                csv.writeRow(row);
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The file of a report's attempt in the file store. */
    static FileStore.Key key(long reportId, int attempt) {
        return new FileStore.Key(FILE_OWNER, reportId, attempt);
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
        try (Connection connection = dataSource.getConnection()) {
            FileStore.delete(connection, key(reportId, attempt));
        }
    }

    /** Streams the decompressed CSV of a report's current attempt to {@code out}. */
    public void copyCsv(long reportId, int attempt, OutputStream out) throws IOException {
        try (Connection connection = dataSource.getConnection();
                InputStream csv = new GZIPInputStream(FileStore.open(connection, key(reportId, attempt)), 64 * 1024)) {
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
     * Records the progress with each chunk, in the chunk's transaction, and keeps the chunk out unless
     * the attempt is still the report's current one.
     */
    private static final class Progress implements FileStore.BeforeChunk {
        private final long reportId;
        private final int attempt;
        private LongSupplier rows = () -> 0;

        Progress(long reportId, int attempt) {
            this.reportId = reportId;
            this.attempt = attempt;
        }

        @Override
        public void run(Connection connection) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement(
                    "update report set rows_written = ? where id = ? and attempt = ? and state = 'RUNNING'")) {
                update.setLong(1, rows.getAsLong());
                update.setLong(2, reportId);
                update.setInt(3, attempt);
                if (update.executeUpdate() != 1) {
                    throw new SupersededException(reportId, attempt);
                }
            }
        }
    }
}
