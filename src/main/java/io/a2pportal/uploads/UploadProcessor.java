package io.a2pportal.uploads;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import de.siegmar.fastcsv.reader.CsvRecord;
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

    @Inject
    DataSource dataSource;

    @Inject
    UploadsConfig limits;

    @Inject
    InventoryImport inventoryImport;

    private volatile String failAfterStep;

    /** Lets tests break the import between two of its statements, to show that nothing is half-applied. */
    void failAfter(String step) {
        failAfterStep = step;
    }

    public void process(long uploadId) {
        try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
            UploadRow upload = UploadRow.claim(read, uploadId);
            if (upload == null) {
                return;
            }
            try (CsvSource source = CsvSource.open(StoredFile.open(read, uploadId), limits)) {
                setKind(read, uploadId, source.kind);
                if (source.kind == UploadKind.INVENTORY) {
                    inventoryImport.process(upload, source, read);
                } else {
                    processStatusReport(upload, source, read, write);
                }
            } catch (UploadRejected e) {
                reject(read, upload, e.getMessage(), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Upload " + uploadId + " could not be processed", e);
        } finally {
            clearScratch(uploadId);
        }
    }

    private void processStatusReport(UploadRow upload, CsvSource source, Connection read, Connection write)
            throws SQLException, IOException {
        long started = System.nanoTime();
        Map<String, Long> accounts = upload.accountsInScope(read);
        StatusReportRows rows = new StatusReportRows(accounts);
        ErrorList errors = new ErrorList(limits.keptErrors());
        long count = 0;
        try (Writer copy = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(write.unwrap(PGConnection.class),
                "copy upload_row (upload_id, attempt, row_no, account_sid, campaign_sid, service_sid, e164, status) from stdin with (format csv)",
                1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            for (CsvRecord record = source.next(); record != null; record = source.next()) {
                count++;
                String[] values = rows.check(source, record, errors::add);
                if (values != null) {
                    copy.write(Long.toString(upload.id()));
                    copy.write(',');
                    copy.write(Integer.toString(upload.attempt()));
                    copy.write(',');
                    copy.write(Long.toString(record.getStartingLineNumber()));
                    for (String value : values) {
                        copy.write(',');
                        copy.write(value);
                    }
                    copy.write('\n');
                }
                if (count % PROGRESS_EVERY == 0) {
                    progress(read, upload.id(), source.bytesRead(), count);
                }
            }
        }
        progress(read, upload.id(), source.bytesRead(), count);
        long parsed = System.nanoTime();
        if (count == 0) {
            reject(read, upload, "The file has a header but no rows.", 0);
            return;
        }
        try (Statement st = write.createStatement()) {
            st.execute("analyze upload_row");
        }
        long repeats = repeatedRows(write, upload, errors);
        errors.addAll(siblingNumbers(write, upload));
        long checked = System.nanoTime();
        if (errors.total() > 0) {
            errors.store(write, upload.id());
            reject(read, upload, "The file was not imported: " + errors.total() + " problem"
                    + (errors.total() == 1 ? "" : "s") + " to fix first. Nothing was changed.", errors.total());
            StoredFile.delete(read, upload.id());
            return;
        }
        setState(read, upload.id(), UploadState.IMPORTING, null);
        applyStatusReport(write, upload, count, repeats);
        LOG.infof("Upload %d: %d rows read and checked row by row in %.2f s, checked whole in %.2f s, applied in %.2f s",
                upload.id(), count, (parsed - started) / 1e9, (checked - parsed) / 1e9, (System.nanoTime() - checked) / 1e9);
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
                                + " is listed more than once with different values (first on line " + rs.getLong(3) + ")."));
                    }
                }
            }
        }
        return repeats;
    }

    /** For an upload of one subaccount: numbers the tree lists under a sibling account. */
    private List<RowError> siblingNumbers(Connection c, UploadRow upload) throws SQLException {
        List<RowError> found = new ArrayList<>();
        if (upload.accountId() != null) {
            try (PreparedStatement st = c.prepareStatement("""
                    select r.row_no, r.e164 from upload_row r
                    join phone_number n on n.root_account_id = ? and n.e164 = r.e164
                    where r.upload_id = ? and r.attempt = ? and n.account_id <> ? order by r.row_no limit ?""")) {
                st.setLong(1, upload.rootId());
                st.setLong(2, upload.id());
                st.setInt(3, upload.attempt());
                st.setLong(4, upload.accountId());
                st.setInt(5, limits.keptErrors());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        found.add(new RowError(rs.getLong(1), "PhoneNumber", rs.getString(2)
                                + " belongs to another account of your organisation; only an owner of the parent account can move it."));
                    }
                }
            }
        }
        return found;
    }

    private void applyStatusReport(Connection c, UploadRow upload, long rowsRead, long repeats) throws SQLException {
        long root = upload.rootId();
        long id = upload.id();
        String staged = "upload_row r where r.upload_id = " + id + " and r.attempt = " + upload.attempt();
        // identical repeated lines are rare: only then is a de-duplicating sort worth its cost
        String rows = repeats == 0 ? "(select r.e164, r.account_sid, r.status, r.campaign_sid, r.service_sid from " + staged + ")"
                : "(select distinct on (r.e164) r.e164, r.account_sid, r.status, r.campaign_sid, r.service_sid from " + staged
                        + " order by r.e164, r.row_no)";
        String resolved = resolve(rows, root);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (!upload.stillCurrent(c)) {
                c.rollback();
                LOG.infof("Upload %d: attempt %d was taken over by another worker", id, upload.attempt());
                return;
            }
            long t = System.nanoTime();
            // the one pass over the tree: which numbers are new, which known ones change, and how
            st.executeUpdate("create temporary table upload_changes on commit drop as "
                    + "select n.id, n.status as old_status, u.e164, u.status, u.account_id, u.campaign_sid, u.service_sid, "
                    + "u.service_id, (u.service_id is not null and n.messaging_service_id is distinct from u.service_id) "
                    + "as joins_service from " + resolved + " left join phone_number n on n.root_account_id = " + root
                    + " and n.e164 = u.e164 where n.id is null or n.status <> u.status or n.account_id <> u.account_id "
                    + "or n.reported_campaign_sid is distinct from u.campaign_sid "
                    + "or n.reported_service_sid is distinct from u.service_sid "
                    + "or (u.service_id is not null and n.messaging_service_id is distinct from u.service_id)");
            step("staged", t);
            t = System.nanoTime();
            st.executeUpdate("insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, upload_id) "
                    + "select id, " + root + ", old_status, status, " + id + " from upload_changes "
                    + "where id is not null and old_status <> status");
            step("history", t);
            t = System.nanoTime();
            long updated = st.executeUpdate("update phone_number n set status = c.status, "
                    + "status_changed_at = case when c.old_status <> c.status then now() else n.status_changed_at end, "
                    + "account_id = c.account_id, reported_campaign_sid = c.campaign_sid, reported_service_sid = c.service_sid, "
                    + "joined_service_at = case when c.joins_service then now() else n.joined_service_at end, "
                    + "messaging_service_id = coalesce(c.service_id, n.messaging_service_id) "
                    + "from upload_changes c where n.id = c.id");
            step("update", t);
            t = System.nanoTime();
            long added = st.executeUpdate("with added as (insert into phone_number (e164, account_id, root_account_id, "
                    + "messaging_service_id, status, joined_service_at, status_changed_at, reported_campaign_sid, reported_service_sid) "
                    + "select c.e164, c.account_id, " + root + ", c.service_id, c.status, "
                    + "case when c.service_id is not null then now() end, now(), c.campaign_sid, c.service_sid "
                    + "from upload_changes c where c.id is null returning id, status) "
                    + "insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, upload_id) "
                    + "select id, " + root + ", null, status, " + id + " from added");
            step("insert", t);
            long distinct = rowsRead - repeats;
            String message = added + updated == 0 ? "No changes: every number already had these values." : null;
            try (PreparedStatement done = c.prepareStatement("update upload set state = 'APPLIED', rows_read = ?, added = ?, "
                    + "updated = ?, unchanged = ?, message = ?, finished_at = now() where id = ?")) {
                done.setLong(1, rowsRead);
                done.setLong(2, added);
                done.setLong(3, updated);
                done.setLong(4, distinct - added - updated);
                done.setString(5, message);
                done.setLong(6, id);
                done.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            LOG.errorf(e, "Upload %d failed while importing; rolled back", id);
            fail(c, upload, "The import failed and nothing was changed. Try again; if it fails again, contact support with upload number " + id + ".");
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The rows with the ids of their account and (when the portal knows it) messaging service. */
    private static String resolve(String rows, long root) {
        return "(select u.e164, a.id as account_id, u.status, u.campaign_sid, u.service_sid, s.id as service_id from " + rows
                + " u join account a on a.sid = u.account_sid and a.root_id = " + root + " "
                + "left join messaging_service s on s.sid = u.service_sid "
                + "and s.account_id in (select id from account where root_id = " + root + ")) u";
    }

    private void step(String name, long since) {
        LOG.debugf("import step %s: %.2f s", name, (System.nanoTime() - since) / 1e9);
        if (name.equals(failAfterStep)) {
            throw new IllegalStateException("Import stopped after step " + name);
        }
    }

    private void fail(Connection c, UploadRow upload, String message) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement st = c.prepareStatement(
                "update upload set state = 'FAILED', message = ?, finished_at = now() where id = ? and attempt = ?")) {
            st.setString(1, message);
            st.setLong(2, upload.id());
            st.setInt(3, upload.attempt());
            st.executeUpdate();
        }
    }

    static void reject(Connection c, UploadRow upload, String message, long errorCount) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set state = 'REJECTED', message = ?, error_count = ?, "
                + "finished_at = now() where id = ? and attempt = ?")) {
            st.setString(1, message);
            st.setLong(2, errorCount);
            st.setLong(3, upload.id());
            st.setInt(4, upload.attempt());
            st.executeUpdate();
        }
    }

    static void setState(Connection c, long id, UploadState state, String message) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update upload set state = ?, message = coalesce(?, message) where id = ?")) {
            st.setString(1, state.name());
            st.setString(2, message);
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
    record UploadRow(long id, long rootId, Long accountId, int attempt) {

        /**
         * Takes the upload on for a new attempt, unless it is settled. Raising the attempt fences off a
         * worker presumed dead: its staging rows are not read and it can no longer settle the upload.
         */
        static UploadRow claim(Connection c, long id) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("update upload set attempt = attempt + 1, state = 'VALIDATING', "
                    + "bytes_read = 0, rows_read = 0, error_count = 0 where id = ? and state not in ('APPLIED', 'REJECTED', 'FAILED') "
                    + "returning root_account_id, account_id, attempt")) {
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
                    return new UploadRow(id, root, accountId, attempt);
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
                    "insert into upload_error (upload_id, row_no, column_name, reason) values (?, ?, ?, ?)")) {
                int batch = 0;
                for (RowError error : kept) {
                    st.setLong(1, uploadId);
                    st.setLong(2, error.row());
                    st.setString(3, error.column());
                    st.setString(4, error.reason());
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
