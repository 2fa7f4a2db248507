package io.a2pportal.uploads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import io.a2pportal.numbers.RegistrationStatus;

/**
 * The rows of a status report that add or change a number, taken in batches by a second thread,
 * which applies each batch to the known numbers (with their status history) while the file is
 * still being read: changes held in memory travel as arrays, the other rows are staged in
 * upload_row first. Everything happens in the transaction of the connection it is given, so a
 * file found bad later, or a failure, still rolls all of it back.
 *
 * New numbers are only staged: they are added once the whole file is known (a new number listed
 * twice must be seen twice before it is added once).
 */
final class StagedChanges implements AutoCloseable {

    private static final int BATCH = 10_000;
    /**
     * The first batch is smaller: applying changes is the longest part of a large import, and the
     * database is otherwise idle until the first batch is full.
     */
    private static final int FIRST_BATCH = 1_000;

    private final Connection connection;
    private final UploadProcessor.UploadRow upload;
    private final Consumer<String> step;
    private final String prefix;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
    private final FutureTask<Long> applier;
    private final Thread thread;
    private Batch batch = new Batch();
    private boolean handedFirst;
    private final StringBuilder row = new StringBuilder(256);
    private boolean finished;
    private volatile boolean applying = true;
    long staged;
    // where the time went, for the debug log
    private long waited;
    private volatile long copying;
    private volatile long updating;

    private static final class Batch {
        // rows one by one: a batch in one piece would be a large object, costly to the collector
        final List<String> rows = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int count;
    }

    private static final Batch END = new Batch();

    /** A change to a known number, applied without staging: compared in memory with any repeat of it. */
    private record Change(long numberId, String status, long accountId, String campaignSid, String serviceSid, Long serviceId,
            String oldStatus) {
    }

    /** What the changes to known numbers changed that a user sees, by kind. */
    static final class Tally {
        long statuses;
        long campaigns;
        long services;
        long accounts;
        /** Numbers with any change a user sees; the others changed only their reported SIDs. */
        long visible;

        /** Adds the counts of one applied batch (its query's one row); returns how many numbers it changed. */
        private long add(ResultSet rs) throws SQLException {
            rs.next();
            statuses += rs.getLong(2);
            campaigns += rs.getLong(3);
            services += rs.getLong(4);
            accounts += rs.getLong(5);
            visible += rs.getLong(6);
            return rs.getLong(1);
        }

        void add(Tally other) {
            statuses += other.statuses;
            campaigns += other.campaigns;
            services += other.services;
            accounts += other.accounts;
            visible += other.visible;
        }
    }

    /** Written by the applying thread; read once {@link #finish()} returned. */
    final Tally tally = new Tally();

    /** @param step called after each applied batch with "update" (tests break the import there) */
    StagedChanges(Connection connection, UploadProcessor.UploadRow upload, Consumer<String> step) {
        this.connection = connection;
        this.upload = upload;
        this.step = step;
        this.prefix = upload.id() + "," + upload.attempt() + ",";
        this.applier = new FutureTask<>(this::applyBatches);
        this.thread = Thread.ofPlatform().name("upload-" + upload.id() + "-apply").start(applier);
    }

    /** Stages one row: its values in staging order, the ids resolved, and the number's id and status (null when new). */
    void add(long line, String[] values, long accountId, Long serviceId, long numberId, RegistrationStatus oldStatus)
            throws IOException {
        staged++;
        StringBuilder out = row;
        out.setLength(0);
        out.append(prefix).append(line);
        for (String value : values) {
            out.append(',').append(value);
        }
        out.append(',').append(accountId).append(',');
        if (serviceId != null) {
            out.append(serviceId);
        }
        out.append(',');
        if (oldStatus != null) {
            out.append(oldStatus.name()).append(',').append(numberId);
        } else {
            out.append(',');
        }
        out.append('\n');
        batch.rows.add(out.toString());
        batch.first = Math.min(batch.first, line);
        batch.last = Math.max(batch.last, line);
        counted();
    }

    /** A change to a known number that needs no staged row: its values in staging order, the ids resolved, its old status. */
    void change(String[] values, long accountId, Long serviceId, long numberId, RegistrationStatus oldStatus) throws IOException {
        batch.changes.add(new Change(numberId, values[4], accountId, values[1].isEmpty() ? null : values[1],
                values[2].isEmpty() ? null : values[2], serviceId, oldStatus.name()));
        counted();
    }

    private void counted() throws IOException {
        if (++batch.count == (handedFirst ? BATCH : FIRST_BATCH)) {
            handedFirst = true;
            hand(batch);
            batch = new Batch();
        }
    }

    /** The file is going to be rejected: stage the rest, apply no more. */
    void stopApplying() {
        applying = false;
    }

    /**
     * Waits until every row is staged and every batch applied; returns how many known numbers
     * changed. A failure of the applying thread is thrown as an {@link ImportFailed}.
     */
    long finish() throws IOException {
        if (batch.count > 0) {
            hand(batch);
            batch = new Batch();
        }
        hand(END);
        finished = true;
        return result();
    }

    /** Where the time went, for the debug log: waiting for the applier, staging, applying. */
    String timings() {
        return String.format(Locale.ROOT, "waited %.2f s, staged %.2f s, applied %.2f s", waited / 1e9, copying / 1e9,
                updating / 1e9);
    }

    private void hand(Batch next) throws IOException {
        long start = System.nanoTime();
        try {
            while (!queue.offer(next, 100, TimeUnit.MILLISECONDS)) {
                if (applier.isDone()) {
                    result();
                    throw new IllegalStateException("The applying thread stopped early");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while staging upload " + upload.id(), e);
        } finally {
            waited += System.nanoTime() - start;
        }
    }

    private long result() throws IOException {
        try {
            return applier.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while staging upload " + upload.id(), e);
        } catch (ExecutionException e) {
            throw new ImportFailed(e.getCause());
        }
    }

    private long applyBatches() throws SQLException, IOException, InterruptedException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long changed = 0;
        try (Statement st = connection.createStatement(); PreparedStatement arrays = connection.prepareStatement(updateFrom(
                "(select u.number_id, u.status, u.account_id, d.sids[u.campaign_at] as campaign_sid, "
                        + "d.sids[u.service_at] as service_sid, u.service_id, u.old_status "
                        + "from unnest(?::bigint[], ?::varchar[], ?::bigint[], ?::int[], ?::int[], ?::bigint[], ?::varchar[]) "
                        + "as u(number_id, status, account_id, campaign_at, service_at, service_id, old_status), "
                        + "(select ?::varchar[] as sids) as d) as r", ""))) {
            // a status report changes numbers spread over the whole table: one index probe each
            // beats reading all of it, which is what the planner would otherwise choose
            st.execute("set local enable_hashjoin = off");
            st.execute("set local enable_mergejoin = off");
            // the count trigger's transition tables of a batch stay in memory instead of spilling to disk
            st.execute("set local work_mem = '64MB'");
            // the batches share one plan, made once: the plan is the same whatever the arrays hold
            st.execute("set local plan_cache_mode = force_generic_plan");
            arrays.unwrap(PGStatement.class).setPrepareThreshold(1);
            for (Batch next = queue.take(); next != END; next = queue.take()) {
                long start = System.nanoTime();
                if (!next.rows.isEmpty()) {
                    stage(copy, next);
                }
                copying += System.nanoTime() - start;
                if (!applying) {
                    continue;
                }
                start = System.nanoTime();
                if (!next.rows.isEmpty()) {
                    changed += update(st, "upload_row r", "r.upload_id = " + upload.id() + " and r.attempt = " + upload.attempt()
                            + " and r.row_no between " + next.first + " and " + next.last + " and ");
                }
                if (!next.changes.isEmpty()) {
                    changed += update(arrays, next.changes);
                }
                updating += System.nanoTime() - start;
                step.accept("update");
            }
            st.execute("set local enable_hashjoin = on");
            st.execute("set local enable_mergejoin = on");
            st.execute("set local plan_cache_mode = auto");
        }
        return changed;
    }

    /** Applies changes to known numbers, with their status history; the number of numbers changed. */
    private long update(Statement st, String rows, String condition) throws SQLException {
        try (ResultSet rs = st.executeQuery(updateFrom(rows, condition))) {
            return tally.add(rs);
        }
    }

    /**
     * The same for changes held in memory, which travel as arrays: one statement, no staged rows.
     * A batch names few campaign and service SIDs, each on many changes: they travel once each,
     * in a list the changes point into.
     */
    private long update(PreparedStatement st, List<Change> changes) throws SQLException {
        // in the table's order: the numbers' pages are then visited once each, in sequence
        changes.sort(Comparator.comparingLong(Change::numberId));
        int n = changes.size();
        Object[] ids = new Long[n];
        Object[] statuses = new String[n];
        Object[] accounts = new Long[n];
        Object[] campaigns = new Integer[n];
        Object[] services = new Integer[n];
        Object[] serviceIds = new Long[n];
        Object[] oldStatuses = new String[n];
        Map<String, Integer> sids = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            ids[i] = c.numberId();
            statuses[i] = c.status();
            accounts[i] = c.accountId();
            campaigns[i] = c.campaignSid() == null ? null : sids.computeIfAbsent(c.campaignSid(), sid -> sids.size() + 1);
            services[i] = c.serviceSid() == null ? null : sids.computeIfAbsent(c.serviceSid(), sid -> sids.size() + 1);
            serviceIds[i] = c.serviceId();
            oldStatuses[i] = c.oldStatus();
        }
        Object[] dictionary = new String[sids.size()];
        sids.forEach((sid, at) -> dictionary[at - 1] = sid);
        st.setArray(1, connection.createArrayOf("bigint", ids));
        st.setArray(2, connection.createArrayOf("varchar", statuses));
        st.setArray(3, connection.createArrayOf("bigint", accounts));
        st.setArray(4, connection.createArrayOf("int4", campaigns));
        st.setArray(5, connection.createArrayOf("int4", services));
        st.setArray(6, connection.createArrayOf("bigint", serviceIds));
        st.setArray(7, connection.createArrayOf("varchar", oldStatuses));
        st.setArray(8, connection.createArrayOf("varchar", dictionary));
        try (ResultSet rs = st.executeQuery()) {
            return tally.add(rs);
        }
    }

    /** Changes the known numbers of {@code rows} (a from-item named r, filtered by a condition ending in "and") that differ. */
    private String updateFrom(String rows, String condition) {
        long root = upload.rootId();
        return "with changed as (update phone_number n set status = r.status, "
                + "status_changed_at = case when n.status <> r.status then now() else n.status_changed_at end, "
                + "account_id = r.account_id, reported_campaign_sid = r.campaign_sid, reported_service_sid = r.service_sid, "
                + "joined_service_at = case when r.service_id is not null and n.messaging_service_id is distinct from r.service_id "
                + "then now() else n.joined_service_at end, "
                + "messaging_service_id = coalesce(r.service_id, n.messaging_service_id) "
                + "from " + rows + ", phone_number o where " + condition + "r.number_id = n.id and o.id = n.id "
                + "and (n.status <> r.status or n.account_id <> r.account_id "
                + "or n.reported_campaign_sid is distinct from r.campaign_sid "
                + "or n.reported_service_sid is distinct from r.service_sid "
                + "or (r.service_id is not null and n.messaging_service_id is distinct from r.service_id)) "
                // o is the number as it was before the statement: what the user saw
                + "returning n.id, r.old_status, n.status, o.account_id <> n.account_id as moved, "
                + "o.messaging_service_id as old_service, n.messaging_service_id as new_service), "
                + "history as (insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, "
                + "upload_id) select id, " + root + ", old_status, status, " + upload.id() + " from changed "
                + "where old_status <> status) "
                + "select count(*), count(*) filter (where old_status <> status), "
                + "count(*) filter (where os.campaign_id is distinct from ns.campaign_id), "
                + "count(*) filter (where old_service is distinct from new_service), count(*) filter (where moved), "
                + "count(*) filter (where old_status <> status or old_service is distinct from new_service or moved) "
                + "from changed left join messaging_service os on os.id = old_service "
                + "left join messaging_service ns on ns.id = new_service";
    }

    private static void stage(CopyManager copy, Batch batch) throws SQLException {
        CopyIn in = copy.copyIn("copy upload_row (upload_id, attempt, row_no, account_sid, campaign_sid, service_sid, e164, "
                + "status, account_id, service_id, old_status, number_id) from stdin with (format csv)");
        try {
            byte[] buffer = new byte[1 << 16];
            int filled = 0;
            for (String row : batch.rows) {
                // staged values are checked SIDs, numbers and status names: ASCII
                byte[] bytes = row.getBytes(StandardCharsets.US_ASCII);
                if (filled + bytes.length > buffer.length) {
                    in.writeToCopy(buffer, 0, filled);
                    filled = 0;
                }
                System.arraycopy(bytes, 0, buffer, filled, bytes.length);
                filled += bytes.length;
            }
            in.writeToCopy(buffer, 0, filled);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** Stops the applying thread if {@link #finish()} was not reached, and waits for it. */
    @Override
    public void close() {
        if (!finished) {
            thread.interrupt();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The applying thread failed: the import is to be rolled back and reported as failed. */
    static final class ImportFailed extends RuntimeException {
        ImportFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
