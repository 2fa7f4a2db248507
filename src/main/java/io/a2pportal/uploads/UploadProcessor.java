package io.a2pportal.uploads;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.a2pportal.numbers.StatusLedger;
import io.a2pportal.numbers.StatusLedger.Observation;
import io.a2pportal.numbers.StatusLedger.Source;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates a stored upload as a stream and applies it in one transaction, or not at all.
 *
 * Each status report row is checked once, and those that pass stream into the status ledger's
 * staging table (COPY) in the import's transaction; the ledger's review finds what needs the whole
 * file (a number listed twice with different values, a number of another account), and applies
 * the difference in SQL once the file is known to be good, so that a million rows never sit in
 * the JVM's memory.
 */
@ApplicationScoped
public class UploadProcessor {

    private static final Logger LOG = Logger.getLogger(UploadProcessor.class);
    private static final int PROGRESS_EVERY = 10_000;
    private static final String IMPORT_FAILED = "The import failed and nothing was changed. Try again; if it fails again, "
            + "contact support with upload number ";
    /** First key of the advisory lock one status report import of a tree holds (the second is the tree). */
    static final int TREE_LOCK = 0x55504c44;
    static final String WAITING = "Waiting for another status report of your organisation to finish importing; "
            + "this one starts right after.";

    @Inject
    DataSource dataSource;

    @Inject
    UploadsConfig limits;

    @Inject
    InventoryImport inventoryImport;

    @Inject
    ImportSteps steps;

    public void process(long uploadId) {
        process(uploadId, null, StoredCopy.done());
    }

    /**
     * Processes an upload. Given the file as uploaded, it is read from there while its stored copy
     * is being written; the upload is only settled as applied once the copy is stored.
     *
     * A background job waits its turn when another status report of the tree is being imported.
     * A request given the file does not: it leaves the upload queued, and returns false, for the
     * background to import it.
     */
    boolean process(long uploadId, Path uploaded, StoredCopy stored) {
        Upload.Attempt[] claimed = new Upload.Attempt[1];
        try {
            return process(uploadId, uploaded, stored, claimed);
        } catch (RuntimeException e) {
            if (claimed[0] == null) {
                throw e;
            }
            // whatever went wrong, the upload ends in a state its page can show, rather than "checking" for ever
            LOG.errorf(e, "Upload %d failed unexpectedly", uploadId);
            try {
                claimed[0].fail(Upload.UNEXPECTED + uploadId + ".");
            } catch (RuntimeException f) {
                e.addSuppressed(f);
                throw e;
            }
            return true;
        }
    }

    private boolean process(long uploadId, Path uploaded, StoredCopy stored, Upload.Attempt[] claimed) {
        try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
            Upload.Attempt upload = Upload.claim(uploadId);
            if (upload == null) {
                return true;
            }
            claimed[0] = upload;
            boolean rejected = false;
            boolean queued = false;
            try (CsvSource source = checkedSource(uploaded, uploadId, read)) {
                Upload.recordKind(uploadId, source.kind);
                if (source.kind == UploadKind.INVENTORY) {
                    stored.await();
                    inventoryImport.process(upload, source, read);
                } else {
                    rejected = !processStatusReport(upload, source, read, write, stored, uploaded == null);
                }
            } catch (UploadRejected e) {
                upload.reject(e.getMessage(), 0);
                rejected = true;
            } catch (TreeBusy e) {
                Upload.setState(uploadId, UploadState.QUEUED, WAITING);
                queued = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                stored.await();
            } catch (IllegalStateException e) {
                LOG.errorf(e, "Upload %d: the copy was not stored", uploadId);
                return true;
            }
            if (rejected) {
                StoredFile.delete(read, uploadId);
            }
            return !queued;
        } catch (SQLException e) {
            throw new IllegalStateException("Upload " + uploadId + " could not be processed", e);
        }
    }

    /** The file opened as CSV, once a gzip file is known not to expand beyond the limit. */
    private CsvSource checkedSource(Path uploaded, long uploadId, Connection read) throws IOException {
        try (InputStream raw = uploaded != null ? new BufferedInputStream(Files.newInputStream(uploaded), 1 << 16)
                : StoredFile.openUploaded(read, uploadId)) {
            CsvSource.checkExpansion(raw, limits);
        }
        return uploaded != null ? CsvSource.open(uploaded, limits) : CsvSource.open(StoredFile.openUploaded(read, uploadId), limits);
    }

    /**
     * Reads the file, checks each row and streams those that pass into the ledger, in the
     * transaction that holds the tree's lock; has the ledger review them, and applies them when
     * the file has no problem. Returns false when rejected.
     */
    private boolean processStatusReport(Upload.Attempt upload, CsvSource source, Connection read, Connection write,
            StoredCopy stored, boolean waitForTree) throws SQLException {
        long started = System.nanoTime();
        StatusReportRows rows = new StatusReportRows(source, upload.accountsInScope(read));
        ErrorList errors = new ErrorList(limits.keptErrors());
        Instant observedAt = Instant.now();
        String reference = Long.toString(upload.id());
        write.setAutoCommit(false);
        try {
            lockTree(upload, write, waitForTree);
            long count = 0;
            StatusLedger.Review review;
            try (StatusLedger.Batch batch = StatusLedger.begin(write, upload.rootId(), upload.accountId())) {
                for (CsvRecord record = source.next(); record != null; record = source.next()) {
                    StatusReportRows.Row row = rows.check(record, errors::add);
                    if (row != null) {
                        batch.add(row.line(), new Observation(row.e164(), row.accountSid(), row.status(), row.campaignSid(),
                                row.serviceSid(), observedAt, Source.UPLOAD, reference));
                    }
                    if (++count % PROGRESS_EVERY == 0) {
                        read(upload, source, count);
                    }
                }
                read(upload, source, count);
                // the copy is written while the database compares and applies: while the file is read,
                // the reading and the database's staging keep both processors busy
                stored.start();
                if (count == 0) {
                    write.rollback();
                    upload.reject("The file has a header but no rows.", 0);
                    return false;
                }
                long parsed = System.nanoTime();
                review = batch.review();
                for (StatusLedger.Contradiction c : review.contradictions()) {
                    errors.add(new RowError(c.position(), "PhoneNumber", c.e164()
                            + " is listed more than once with different values (first on line " + c.first() + ").", c.e164()));
                }
                for (StatusLedger.Refused r : review.refused()) {
                    errors.add(new RowError(r.position(), "PhoneNumber", r.e164()
                            + " belongs to another account of your organisation; only an owner of the parent account can move it.",
                            r.e164()));
                }
                if (errors.total() > 0) {
                    write.rollback();
                    errors.store(read, upload.id());
                    upload.reject("The file was not imported: " + errors.total() + " problem"
                            + (errors.total() == 1 ? "" : "s") + " to fix first. Nothing was changed.", errors.total());
                    return false;
                }
                long checked = System.nanoTime();
                Upload.setState(upload.id(), UploadState.IMPORTING, null);
                try {
                    StatusLedger.Result result = batch.apply();
                    steps.reached(ImportSteps.Step.APPLIED, upload.id(), upload.fileName(), result.added() + result.changed());
                    settle(write, upload, count, review.observations() - review.repeats(), result, stored);
                } catch (SQLException | RuntimeException e) {
                    write.rollback();
                    LOG.errorf(e, "Upload %d failed while importing; rolled back", upload.id());
                    upload.fail(IMPORT_FAILED + upload.id() + ".");
                    return true;
                }
                LOG.infof("Upload %d: %d rows read and staged in %.2f s, reviewed in %.2f s, applied in %.2f s", upload.id(),
                        count, (parsed - started) / 1e9, (checked - parsed) / 1e9, (System.nanoTime() - checked) / 1e9);
                return true;
            }
        } catch (SQLException | RuntimeException e) {
            if (!write.getAutoCommit()) {
                write.rollback();
            }
            throw e;
        } finally {
            write.setAutoCommit(true);
        }
    }

    /** Shows how far the reading is, and tells the steps' listener. */
    private void read(Upload.Attempt upload, CsvSource source, long count) {
        Upload.progress(upload.id(), source.bytesRead(), count);
        steps.reached(ImportSteps.Step.READ, upload.id(), upload.fileName(), count);
    }

    /**
     * Settles the import in the transaction the ledger applied it in (it holds the tree's lock):
     * records the summary, and commits once the stored copy is written. A number's campaign is its
     * messaging service's; one whose reported SIDs alone changed is unchanged to the user.
     */
    private void settle(Connection c, Upload.Attempt upload, long rowsRead, long numbers, StatusLedger.Result result,
            StoredCopy stored) throws SQLException {
        // before the upload row is locked: storing a chunk takes a key share lock on it
        stored.await();
        steps.reached(ImportSteps.Step.STORED, upload.id(), upload.fileName(), 0);
        if (!upload.stillCurrent(c)) {
            c.rollback();
            LOG.infof("Upload %d: attempt %d was taken over by another worker", upload.id(), upload.attempt());
            return;
        }
        Map<Long, Long> campaigns = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("select s.id, s.campaign_id from messaging_service s "
                + "join account a on a.id = s.account_id where a.root_id = ?")) {
            st.setLong(1, upload.rootId());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    campaigns.put(rs.getLong(1), rs.getObject(2, Long.class));
                }
            }
        }
        long statuses = 0;
        long campaignChanges = 0;
        long services = 0;
        long accounts = 0;
        long visible = 0;
        for (StatusLedger.Change change : result.changes()) {
            if (change.from() == null) {
                continue;
            }
            boolean status = change.from() != change.to();
            boolean service = !Objects.equals(change.serviceFrom(), change.serviceTo());
            statuses += status ? 1 : 0;
            services += service ? 1 : 0;
            accounts += change.moved() ? 1 : 0;
            campaignChanges += Objects.equals(campaigns.get(change.serviceFrom()), campaigns.get(change.serviceTo())) ? 0 : 1;
            visible += status || service || change.moved() ? 1 : 0;
        }
        String message = result.added() + result.changed() == 0 ? "No changes: every number already had these values." : null;
        try (PreparedStatement done = c.prepareStatement("update upload set state = 'APPLIED', rows_read = ?, added = ?, "
                + "updated = ?, unchanged = ?, message = ?, status_changes = ?, campaign_changes = ?, service_changes = ?, "
                + "account_changes = ?, finished_at = now() where id = ?")) {
            done.setLong(1, rowsRead);
            done.setLong(2, result.added());
            done.setLong(3, visible);
            done.setLong(4, numbers - result.added() - visible);
            done.setString(5, message);
            done.setLong(6, statuses);
            done.setLong(7, campaignChanges);
            done.setLong(8, services);
            done.setLong(9, accounts);
            done.setLong(10, upload.id());
            done.executeUpdate();
        }
        UploadAudit.applied(c, upload.id());
        c.commit();
    }

    /**
     * Takes the tree's lock for the transaction: one status report of a tree at a time, so that the
     * comparison stays true until the import commits. When another holds it, the upload says it
     * waits (and then waits), or, if it is not to wait, a {@link TreeBusy} is thrown.
     */
    private static void lockTree(Upload.Attempt upload, Connection write, boolean wait) throws SQLException {
        String key = TREE_LOCK + ", " + Long.hashCode(upload.rootId());
        try (Statement st = write.createStatement()) {
            boolean taken;
            try (ResultSet rs = st.executeQuery("select pg_try_advisory_xact_lock(" + key + ")")) {
                rs.next();
                taken = rs.getBoolean(1);
            }
            if (!taken && !wait) {
                write.rollback();
                throw new TreeBusy();
            }
            if (!taken) {
                Upload.setMessage(upload.id(), WAITING);
                st.execute("select pg_advisory_xact_lock(" + key + ")");
            }
            if (wait) {
                // the upload may have been left waiting, by a request or by this
                Upload.setMessage(upload.id(), null);
            }
        }
    }

    /** Another status report of the tree is being imported. */
    private static final class TreeBusy extends RuntimeException {
        TreeBusy() {
            super(WAITING, null, false, false);
        }
    }

    /** Row errors: all counted, the first ones kept for the page and the downloadable list. */
    static final class ErrorList {
        private final int keep;
        private final List<RowError> kept = new ArrayList<>();
        private long total;

        ErrorList(int keep) {
            this.keep = keep;
        }

        void add(RowError error) {
            total++;
            if (kept.size() < keep) {
                kept.add(error);
            }
        }

        void addAll(List<RowError> errors) {
            errors.forEach(this::add);
        }

        long total() {
            return total;
        }

        void store(Connection c, long uploadId) throws SQLException {
            try (PreparedStatement st = c.prepareStatement(
                    "insert into upload_error (upload_id, row_no, column_name, reason, phone_number) values (?, ?, ?, ?, ?)")) {
                int batch = 0;
                for (RowError error : kept) {
                    st.setLong(1, uploadId);
                    st.setLong(2, error.row());
                    st.setString(3, error.column());
                    st.setString(4, Upload.storable(error.reason()));
                    st.setString(5, Upload.storable(error.phoneNumber()));
                    st.addBatch();
                    if (++batch % 1000 == 0) {
                        st.executeBatch();
                    }
                }
                st.executeBatch();
            }
        }
    }
}
