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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates a stored upload as a stream and applies it in one transaction, or not at all.
 *
 * Rows that pass the per-row checks are copied into the upload_row scratch table; the whole-file
 * checks (a number listed twice with different values, a number of a sibling account) run there in
 * SQL, and so does the import, so that a million rows never sit in the JVM's memory.
 */
@ApplicationScoped
public class UploadProcessor {

    private static final Logger LOG = Logger.getLogger(UploadProcessor.class);
    private static final int PROGRESS_EVERY = 20_000;
    private static final String UNEXPECTED = "The file could not be checked because of an unexpected error, and nothing was "
            + "changed. Try again; if it fails again, contact support with upload number ";
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

    private volatile String failAfterStep;

    /** The most numbers compared in one pass over a file (48 to 96 bytes each); larger trees take several. */
    private volatile long numbersPerPass = 1_250_000;

    /** The most distinct SIDs compared in memory; rows with others are compared in SQL. */
    private volatile int dictionaryLimit = TreeIndex.DICTIONARY_LIMIT;

    /** Lets tests have every row compared in SQL. */
    void dictionaryLimit(int sids) {
        dictionaryLimit = sids;
    }

    /** Lets tests compare small trees in several passes. */
    void numbersPerPass(long numbers) {
        numbersPerPass = numbers;
    }

    /** Lets tests break the import between two of its statements, to show that nothing is half-applied. */
    void failAfter(String step) {
        failAfterStep = step;
    }

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
        UploadRow[] claimed = new UploadRow[1];
        try {
            return process(uploadId, uploaded, stored, claimed);
        } catch (RuntimeException e) {
            if (claimed[0] == null) {
                throw e;
            }
            // whatever went wrong, the upload ends in a state its page can show, rather than "checking" for ever
            LOG.errorf(e, "Upload %d failed unexpectedly", uploadId);
            try (Connection c = dataSource.getConnection()) {
                fail(c, claimed[0], UNEXPECTED + uploadId + ".");
            } catch (SQLException | RuntimeException f) {
                e.addSuppressed(f);
                throw e;
            }
            return true;
        } finally {
            clearScratch(uploadId);
        }
    }

    private boolean process(long uploadId, Path uploaded, StoredCopy stored, UploadRow[] claimed) {
        try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
            UploadRow upload = UploadRow.claim(read, uploadId);
            if (upload == null) {
                return true;
            }
            claimed[0] = upload;
            Reopen reopen;
            if (uploaded != null) {
                reopen = () -> CsvSource.open(uploaded, limits);
            } else {
                reopen = () -> CsvSource.open(StoredFile.openUploaded(read, uploadId), limits);
            }
            boolean rejected = false;
            boolean queued = false;
            try (CsvSource source = checkedSource(uploaded, uploadId, read, reopen)) {
                setKind(read, uploadId, source.kind);
                if (source.kind == UploadKind.INVENTORY) {
                    stored.await();
                    inventoryImport.process(upload, source, read);
                } else {
                    rejected = !processStatusReport(upload, source, reopen, read, write, stored, uploaded == null);
                }
            } catch (UploadRejected e) {
                reject(read, upload, e.getMessage(), 0);
                rejected = true;
            } catch (TreeBusy e) {
                setState(read, uploadId, UploadState.QUEUED, WAITING);
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
    private CsvSource checkedSource(Path uploaded, long uploadId, Connection read, Reopen reopen) throws IOException {
        try (InputStream raw = uploaded != null ? new BufferedInputStream(Files.newInputStream(uploaded), 1 << 16)
                : StoredFile.openUploaded(read, uploadId)) {
            CsvSource.checkExpansion(raw, limits);
        }
        return reopen.source();
    }

    /** Opens the upload's file again from its start. */
    private interface Reopen {
        CsvSource source() throws IOException;
    }

    /**
     * Reads the file, compares each row with its number, stages the rows that add or change a
     * number, and applies them in the transaction that read the inventory. A tree too large to hold
     * at once is compared in shares, one pass over the file each. Returns false when rejected.
     */
    private boolean processStatusReport(UploadRow upload, CsvSource first, Reopen reopen, Connection read, Connection write,
            StoredCopy stored, boolean waitForTree) throws SQLException, IOException {
        long started = System.nanoTime();
        Map<String, Long> accounts = upload.accountsInScope(read);
        StatusReportRows rows = new StatusReportRows(accounts);
        ErrorList errors = new ErrorList(limits.keptErrors());
        write.setAutoCommit(false);
        try {
            lockTree(upload, read, write, waitForTree);
            Tree tree = Tree.read(write, upload);
            int shares = Math.max(1, (int) ((tree.numbers + numbersPerPass - 1) / numbersPerPass));
            long count = 0;
            long repeats = 0;
            long staged = 0;
            long changed = 0;
            StagedChanges.Tally tally = new StagedChanges.Tally();
            Pass.Counts pending = new Pass.Counts();
            for (int share = 0; share < shares; share++) {
                long loading = System.nanoTime();
                TreeIndex index = TreeIndex.load(write, upload.rootId(), shares, share, (int) Math.min(tree.numbers,
                        Integer.MAX_VALUE), tree.accountIds, tree.serviceIds, dictionaryLimit);
                step("loaded share " + (share + 1), loading);
                stored.start();
                long t = System.nanoTime();
                try (CsvSource source = share == 0 ? first : reopen.source();
                        StagedChanges staging = new StagedChanges(write, upload, this::step)) {
                    Pass pass = new Pass(tree, index, shares, share, rows, errors, staging, pending);
                    CsvRows.Plain plain = new CsvRows.Plain(source.columns.size());
                    StatusReportRows.PlainRow checked = new StatusReportRows.PlainRow();
                    while (true) {
                        // most rows are read in place and leave their number as it is: no string is made for them
                        if (source.nextPlain(plain)) {
                            if (!rows.checkPlain(source, plain, checked) || !pass.rowPlain(checked, plain.bytes, plain.line)) {
                                pass.row(source, plain.row());
                            }
                        } else {
                            CsvRows.Row record = source.next();
                            if (record == null) {
                                break;
                            }
                            pass.row(source, record);
                        }
                        if (share == 0 && ++count % PROGRESS_EVERY == 0) {
                            progress(read, upload.id(), source.bytesRead(), count);
                        }
                        if (errors.total() > 0) {
                            staging.stopApplying();
                        }
                    }
                    changed += staging.finish();
                    tally.add(staging.tally);
                    LOG.debugf("import step staging: %s", staging.timings());
                    repeats += pass.repeats;
                    staged += staging.staged;
                    if (share == 0) {
                        progress(read, upload.id(), source.bytesRead(), count);
                    }
                }
                LOG.debugf("import step compared share %d of %d (%d numbers): %.2f s", share + 1, shares, index.size(),
                        (System.nanoTime() - t) / 1e9);
            }
            long parsed = System.nanoTime();
            if (count == 0) {
                write.rollback();
                reject(read, upload, "The file has a header but no rows.", 0);
                return false;
            }
            if (pending.stagedAgain > 0 || pending.stagedNew > 1) {
                // only new numbers, and numbers whose first listing changed them, can repeat among staged rows
                repeats += repeatedRows(write, upload, errors);
            }
            long checked = System.nanoTime();
            if (errors.total() > 0) {
                write.rollback();
                errors.store(read, upload.id());
                reject(read, upload, "The file was not imported: " + errors.total() + " problem"
                        + (errors.total() == 1 ? "" : "s") + " to fix first. Nothing was changed.", errors.total());
                return false;
            }
            setState(read, upload.id(), UploadState.IMPORTING, null);
            applyStatusReport(write, upload, count, repeats, changed, tally, staged, stored);
            LOG.infof("Upload %d: %d rows read and compared in %.2f s (%d staged), checked whole in %.2f s, applied in %.2f s",
                    upload.id(), count, (parsed - started) / 1e9, staged, (checked - parsed) / 1e9,
                    (System.nanoTime() - checked) / 1e9);
            return true;
        } catch (StagedChanges.ImportFailed e) {
            write.rollback();
            LOG.errorf(e, "Upload %d failed while importing; rolled back", upload.id());
            fail(write, upload, IMPORT_FAILED + upload.id() + ".");
            return true;
        } catch (SQLException | IOException | RuntimeException e) {
            if (!write.getAutoCommit()) {
                write.rollback();
            }
            throw e;
        } finally {
            write.setAutoCommit(true);
        }
    }

    /**
     * What the comparison needs of the tree besides its numbers: its size, its accounts' ids in
     * order (an account's code is its position) and its services.
     */
    private record Tree(long numbers, long[] accountIds, Map<String, Long> serviceIds, Integer uploaderCode) {

        static Tree read(Connection c, UploadRow upload) throws SQLException {
            long numbers;
            List<Long> accounts = new ArrayList<>();
            Map<String, Long> serviceIds = new HashMap<>();
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("select coalesce(sum(count), 0) from account_status_count where root_account_id = "
                        + upload.rootId())) {
                    rs.next();
                    numbers = rs.getLong(1);
                }
                try (ResultSet rs = st.executeQuery("select id from account where root_id = " + upload.rootId() + " order by id")) {
                    while (rs.next()) {
                        accounts.add(rs.getLong(1));
                    }
                }
                try (ResultSet rs = st.executeQuery("select s.sid, s.id from messaging_service s join account a on a.id = s.account_id "
                        + "where a.root_id = " + upload.rootId())) {
                    while (rs.next()) {
                        serviceIds.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            long[] accountIds = accounts.stream().mapToLong(Long::longValue).toArray();
            return new Tree(numbers, accountIds, serviceIds,
                    upload.accountId() == null ? null : Arrays.binarySearch(accountIds, upload.accountId()));
        }

        int accountCode(long accountId) {
            return Arrays.binarySearch(accountIds, accountId);
        }
    }

    /** One pass over the file against one share of the tree. */
    private static final class Pass {
        private final Tree tree;
        private final TreeIndex index;
        private final int shares;
        private final int share;
        private final StatusReportRows rows;
        private final ErrorList errors;
        private final Consumer<RowError> rowErrors;
        private final StagedChanges staging;
        private final Counts counts;
        long repeats;

        /** Staged rows that may repeat a number: new numbers, and later listings of a number the first one changed. */
        static final class Counts {
            long stagedNew;
            long stagedAgain;
        }

        Pass(Tree tree, TreeIndex index, int shares, int share, StatusReportRows rows, ErrorList errors,
                StagedChanges staging, Counts counts) {
            this.tree = tree;
            this.index = index;
            this.shares = shares;
            this.share = share;
            this.rows = rows;
            this.errors = errors;
            // row errors are reported by the first pass; the others only skip such rows
            this.rowErrors = share == 0 ? errors::add : error -> {
            };
            this.staging = staging;
            this.counts = counts;
        }

        /**
         * A row read in place that passed the checks, taken here when it is the first listing of a
         * known number and leaves it exactly as it is (as {@link #row} would take it); false when
         * {@link #row} is to take it.
         */
        boolean rowPlain(StatusReportRows.PlainRow row, byte[] bytes, long line) {
            if (row.key % shares != share) {
                return true;
            }
            int slot = index.find(row.key);
            if (slot < 0 || index.firstLine(slot) != 0 || tree.uploaderCode != null && index.account(slot) != tree.uploaderCode) {
                return false;
            }
            int campaign = row.campaignAt < 0 ? TreeIndex.BLANK : index.code(bytes, row.campaignAt);
            int service = row.serviceAt < 0 ? TreeIndex.BLANK : index.code(bytes, row.serviceAt);
            if (!index.unchanged(slot, tree.accountCode(row.accountId), campaign, service, row.status)) {
                return false;
            }
            index.listed(slot, line, false);
            return true;
        }

        void row(CsvSource source, CsvRows.Row record) throws IOException {
            StatusReportRows.Row checked = rows.check(source, record, rowErrors);
            if (checked == null) {
                return;
            }
            String[] values = checked.values();
            long key = TreeIndex.key(values[3]);
            if (key % shares != share) {
                return;
            }
            long line = record.getStartingLineNumber();
            long accountId = checked.accountId();
            RegistrationStatus status = checked.status();
            int slot = index.find(key);
            if (slot < 0) {
                counts.stagedNew++;
                staging.add(line, values, accountId, tree.serviceIds.get(values[2]), 0, null);
                return;
            }
            if (tree.uploaderCode != null && index.account(slot) != tree.uploaderCode) {
                errors.add(new RowError(line, "PhoneNumber", values[3]
                        + " belongs to another account of your organisation; only an owner of the parent account can move it.",
                        values[3]));
                return;
            }
            int first = index.firstLine(slot);
            int account = tree.accountCode(accountId);
            if (first == 0) {
                if (index.unchanged(slot, account, index.code(values[1]), index.code(values[2]), status)) {
                    index.listed(slot, line, false);
                    return;
                }
                int campaign = index.learn(values[1]);
                int service = index.learn(values[2]);
                if (campaign != TreeIndex.UNKNOWN && service != TreeIndex.UNKNOWN) {
                    // a repeat of this listing can be compared in memory: no staged row is needed
                    staging.change(values, accountId, tree.serviceIds.get(values[2]), index.id(slot), index.status(slot));
                    index.listedChanged(slot, line, status, account, campaign, service);
                } else {
                    staging.add(line, values, accountId, tree.serviceIds.get(values[2]), index.id(slot), index.status(slot));
                    index.listed(slot, line, true);
                }
            } else if (index.staged(slot)) {
                // the first listing changed the number: the staged rows are compared with each other in SQL
                counts.stagedAgain++;
                staging.add(line, values, accountId, tree.serviceIds.get(values[2]), index.id(slot), index.status(slot));
            } else if (index.unchanged(slot, account, index.code(values[1]), index.code(values[2]), status)) {
                repeats++;
            } else {
                errors.add(new RowError(line, "PhoneNumber", values[3] + " is listed more than once with different values (first on line "
                        + first + ").", values[3]));
            }
        }
    }

    /**
     * Numbers listed more than once: with different values each later line is an error; identical
     * lines are harmless. One hash aggregate over the rows (a group's values differ exactly when
     * some column's smallest and largest differ). Returns how many lines repeat an earlier one.
     */
    private long repeatedRows(Connection c, UploadRow upload, ErrorList errors) throws SQLException {
        long repeats = 0;
        List<String> conflicting = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                select e164, count(*), min(account_sid) <> max(account_sid) or min(status) <> max(status)
                       or min(coalesce(campaign_sid, '')) <> max(coalesce(campaign_sid, ''))
                       or min(coalesce(service_sid, '')) <> max(coalesce(service_sid, ''))
                from upload_row where upload_id = ? and attempt = ? group by e164 having count(*) > 1""")) {
            st.setLong(1, upload.id());
            st.setInt(2, upload.attempt());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    repeats += rs.getLong(2) - 1;
                    if (rs.getBoolean(3)) {
                        conflicting.add(rs.getString(1));
                    }
                }
            }
        }
        if (conflicting.isEmpty()) {
            return repeats;
        }
        try (PreparedStatement st = c.prepareStatement("""
                select r.row_no, r.e164, first_value(r.row_no) over (partition by r.e164 order by r.row_no) from upload_row r
                where r.upload_id = ? and r.attempt = ? and r.e164 = any (?) order by r.row_no""")) {
            st.setLong(1, upload.id());
            st.setInt(2, upload.attempt());
            st.setArray(3, c.createArrayOf("varchar", conflicting.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(1) != rs.getLong(3)) {
                        errors.add(new RowError(rs.getLong(1), "PhoneNumber", rs.getString(2)
                                + " is listed more than once with different values (first on line " + rs.getLong(3) + ").",
                                rs.getString(2)));
                    }
                }
            }
        }
        return repeats;
    }

    /**
     * Settles the import in the transaction that compared the rows with the inventory (it holds the
     * tree's lock, and the changes to known numbers are already made in it): adds the new numbers
     * with their history, records the summary, and commits once the stored copy is written.
     */
    private void applyStatusReport(Connection c, UploadRow upload, long rowsRead, long repeats, long changed,
            StagedChanges.Tally tally, long staged, StoredCopy stored) throws SQLException {
        long root = upload.rootId();
        long id = upload.id();
        try (Statement st = c.createStatement()) {
            // before the upload row is locked: storing a chunk takes a key share lock on it
            long t = System.nanoTime();
            stored.await();
            step("stored", t);
            if (!upload.stillCurrent(c)) {
                c.rollback();
                LOG.infof("Upload %d: attempt %d was taken over by another worker", id, upload.attempt());
                return;
            }
            t = System.nanoTime();
            long added = staged == 0 ? 0 : count(st, "with added as (insert into phone_number (e164, account_id, root_account_id, "
                    + "messaging_service_id, status, joined_service_at, status_changed_at, reported_campaign_sid, reported_service_sid) "
                    + "select distinct on (r.e164) r.e164, r.account_id, " + root + ", r.service_id, r.status, "
                    + "case when r.service_id is not null then now() end, now(), r.campaign_sid, r.service_sid "
                    + "from upload_row r where r.upload_id = " + id + " and r.attempt = " + upload.attempt()
                    + " and r.old_status is null order by r.e164, r.row_no returning id, status), "
                    + "history as (insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, upload_id) "
                    + "select id, " + root + ", null, status, " + id + " from added) "
                    + "select count(*) from added");
            step("insert", t);
            long distinct = rowsRead - repeats;
            String message = added + changed == 0 ? "No changes: every number already had these values." : null;
            // updated: the numbers whose change a user sees; one whose reported SIDs alone changed is unchanged to them
            try (PreparedStatement done = c.prepareStatement("update upload set state = 'APPLIED', rows_read = ?, added = ?, "
                    + "updated = ?, unchanged = ?, message = ?, status_changes = ?, campaign_changes = ?, service_changes = ?, "
                    + "account_changes = ?, finished_at = now() where id = ?")) {
                done.setLong(1, rowsRead);
                done.setLong(2, added);
                done.setLong(3, tally.visible);
                done.setLong(4, distinct - added - tally.visible);
                done.setString(5, message);
                done.setLong(6, tally.statuses);
                done.setLong(7, tally.campaigns);
                done.setLong(8, tally.services);
                done.setLong(9, tally.accounts);
                done.setLong(10, id);
                done.executeUpdate();
            }
            UploadAudit.applied(c, id);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            LOG.errorf(e, "Upload %d failed while importing; rolled back", id);
            fail(c, upload, IMPORT_FAILED + id + ".");
        }
    }

    /** The first column of a query's one row: a count. */
    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void step(String name) {
        if (name.equals(failAfterStep)) {
            throw new IllegalStateException("Import stopped after step " + name);
        }
    }

    private void step(String name, long since) {
        LOG.debugf("import step %s: %.2f s", name, (System.nanoTime() - since) / 1e9);
        step(name);
    }

    private void fail(Connection c, UploadRow upload, String message) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement st = c.prepareStatement(
                "update upload set state = 'FAILED', message = ?, finished_at = now() where id = ? and attempt = ?")) {
            st.setString(1, storable(message));
            st.setLong(2, upload.id());
            st.setInt(3, upload.attempt());
            st.executeUpdate();
        }
    }

    /**
     * Takes the tree's lock for the transaction: one status report of a tree at a time, so that the
     * comparison stays true until the import commits. When another holds it, the upload says it
     * waits (and then waits), or, if it is not to wait, a {@link TreeBusy} is thrown.
     */
    private static void lockTree(UploadRow upload, Connection read, Connection write, boolean wait) throws SQLException {
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
                setMessage(read, upload.id(), WAITING);
                st.execute("select pg_advisory_xact_lock(" + key + ")");
            }
            if (wait) {
                // the upload may have been left waiting, by a request or by this
                setMessage(read, upload.id(), null);
            }
        }
    }

    /** Another status report of the tree is being imported. */
    private static final class TreeBusy extends RuntimeException {
        TreeBusy() {
            super(WAITING, null, false, false);
        }
    }

    private static void setMessage(Connection c, long id, String message) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set message = ? where id = ?")) {
            st.setString(1, storable(message));
            st.setLong(2, id);
            st.executeUpdate();
        }
    }

    /** The text as PostgreSQL can store it: a NUL, which a text column cannot hold, is shown as a replacement character. */
    static String storable(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }

    /** Ends an upload that is not settled yet as failed by an unexpected error, whatever attempt holds it. */
    static void failUnsettled(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set state = 'FAILED', message = ?, finished_at = now() "
                + "where id = ? and state not in ('APPLIED', 'REJECTED', 'FAILED')")) {
            st.setString(1, UNEXPECTED + id + ".");
            st.setLong(2, id);
            st.executeUpdate();
        }
    }

    static void reject(Connection c, UploadRow upload, String message, long errorCount) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set state = 'REJECTED', message = ?, error_count = ?, "
                + "finished_at = now() where id = ? and attempt = ?")) {
            st.setString(1, storable(message));
            st.setLong(2, errorCount);
            st.setLong(3, upload.id());
            st.setInt(4, upload.attempt());
            st.executeUpdate();
        }
    }

    static void setState(Connection c, long id, UploadState state, String message) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set state = ?, message = coalesce(?, message) where id = ?")) {
            st.setString(1, state.name());
            st.setString(2, storable(message));
            st.setLong(3, id);
            st.executeUpdate();
        }
    }

    private static void setKind(Connection c, long id, UploadKind kind) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set kind = ? where id = ?")) {
            st.setString(1, kind.name());
            st.setLong(2, id);
            st.executeUpdate();
        }
    }

    static void progress(Connection c, long id, long bytes, long rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set bytes_read = ?, rows_read = ? where id = ?")) {
            st.setLong(1, bytes);
            st.setLong(2, rows);
            st.setLong(3, id);
            st.executeUpdate();
        }
    }

    /** Removes the scratch rows of the upload's earlier attempts and, once settled, of all of them. */
    private void clearScratch(long uploadId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "delete from upload_row where upload_id = ? and (attempt < (select attempt from upload where id = ?) "
                        + "or (select state from upload where id = ?) in ('APPLIED', 'REJECTED', 'FAILED'))")) {
            st.setLong(1, uploadId);
            st.setLong(2, uploadId);
            st.setLong(3, uploadId);
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf(e, "Scratch rows of upload %d were not removed", uploadId);
        }
    }

    /** The upload as one attempt of the processor holds it, read without the ORM. */
    record UploadRow(long id, long rootId, Long accountId, int attempt, long sizeBytes) {

        /**
         * Takes the upload on for a new attempt, unless it is settled. Raising the attempt fences off a
         * worker presumed dead: its staging rows are not read and it can no longer settle the upload.
         */
        static UploadRow claim(Connection c, long id) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("update upload set attempt = attempt + 1, state = 'VALIDATING', "
                    + "bytes_read = 0, rows_read = 0, error_count = 0 where id = ? and state not in ('APPLIED', 'REJECTED', 'FAILED') "
                    + "returning root_account_id, account_id, attempt, size_bytes")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long root = rs.getLong(1);
                    long account = rs.getLong(2);
                    Long accountId = rs.wasNull() ? null : account;
                    int attempt = rs.getInt(3);
                    try (PreparedStatement clear = c.prepareStatement("delete from upload_error where upload_id = ?")) {
                        clear.setLong(1, id);
                        clear.executeUpdate();
                    }
                    return new UploadRow(id, root, accountId, attempt, rs.getLong(4));
                }
            }
        }

        /** Locks the upload for settling; false when another attempt has taken over or settled it. */
        boolean stillCurrent(Connection c) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("select attempt, state from upload where id = ? for update")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getInt(1) == attempt && !UploadState.valueOf(rs.getString(2)).isSettled();
                }
            }
        }

        /** SID to id of the accounts rows may name: the tree, or the one account uploaded for. */
        Map<String, Long> accountsInScope(Connection c) throws SQLException {
            Map<String, Long> accounts = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement(accountId == null ? "select sid, id from account where root_id = ?"
                    : "select sid, id from account where id = ?")) {
                st.setLong(1, accountId == null ? rootId : accountId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        accounts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return accounts;
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
                    st.setString(4, storable(error.reason()));
                    st.setString(5, storable(error.phoneNumber()));
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
