package io.a2pportal.numbers;

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
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.Formats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

/**
 * The one place where numbers' registration statuses change: applies a batch of observations
 * (from a status report upload, the vendor's live events or the API) to one account tree, set-based
 * in SQL, in the caller's transaction (all or nothing is the caller's to decide).
 *
 * The observations are copied into a temporary table; one statement compares them with the tree
 * and keeps those that are not already true (a status report of a million numbers changes a tenth
 * of them); one statement then updates the changed numbers, adds the new ones and writes their
 * history. The per-account counts follow by the statement triggers on phone_number.
 *
 * Rules, for every source alike:
 * <ul>
 * <li>An observation dated before the number's last applied observation ({@code status_observed_at})
 * changes nothing and is reported as superseded; so is an observation of a number that the same
 * batch observes again later.</li>
 * <li>A number the tree does not have yet is added to the observation's account.</li>
 * <li>The observation's account must be in scope (the tree, or the one subaccount of the scope);
 * otherwise it is refused. With a one-account scope, a number of another account of the tree is
 * refused too; with the whole tree in scope, it moves to the observation's account.</li>
 * <li>The campaign and service SIDs are kept as reported; a service SID of one of the tree's
 * messaging services also puts the number in that service (an unknown one leaves it where it is).</li>
 *
 * <li>The failure reason and error code (events carry them, status reports do not) describe the
 * status they came with: a status change replaces them with the observation's, none included; an
 * observation of the same status that brings others replaces them (a change); one that brings none
 * keeps them.</li>
 * <li>A number added or changed records the observation's source ({@code status_source}) and time.</li>
 * </ul>
 *
 * An upload's observation that agrees with the number leaves its row untouched, its observed time
 * included: writing every unchanged number of a daily report would cost ten times the writes of its
 * changes. An event's (or the API's) that agrees and is newer moves the number's observed time and
 * source forward, and still counts as unchanged: events come out of order, and an older event
 * delivered after it must be superseded by it.
 *
 * Brands and campaigns have one status each, which the vendor's events observe:
 * {@link #observeBrand} and {@link #observeCampaign} apply them by the same rule of time.
 */
@ApplicationScoped
public class StatusLedger {

    private static final Logger LOG = Logger.getLogger(StatusLedger.class);

    /** First key of the advisory lock a tree's ledger holds while applying (the second is the tree). */
    static final int TREE_LOCK = 0x4c444752;

    /** Where an observation comes from, as the history records it. */
    public enum Source {
        /** A status report upload; the reference is the upload's id. */
        UPLOAD,
        /** One of the vendor's events; the reference is the event's id. */
        EVENT,
        /** A call of the portal's API. */
        API
    }

    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9]{1,18}");

    /** The longest failure reason kept; a longer one is cut there. */
    public static final int FAILURE_REASON_MAX = 500;

    /**
     * What a source says about a number at a given time. SIDs are null when blank; the formats are
     * the caller's to check first (a malformed value here is a programming error).
     *
     * @param reference the upload id (digits) for an upload, the event id for an event; may be null otherwise
     * @param failureReason the vendor's reason for a failed registration or deregistration (events
     *        carry one, status reports do not); null when none, cut to {@link #FAILURE_REASON_MAX}
     * @param errorCode the vendor's error code, null when none
     */
    public record Observation(String e164, String accountSid, RegistrationStatus status, String campaignSid,
            String serviceSid, Instant observedAt, Source source, String reference, String failureReason, Integer errorCode) {

        public Observation {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(observedAt, "observedAt");
            Objects.requireNonNull(source, "source");
            if (!Formats.isE164(e164) || !Formats.isSid("AC", accountSid)
                    || campaignSid != null && !Formats.isSid("CM", campaignSid) && !Formats.isSid("QE", campaignSid)
                    || serviceSid != null && !Formats.isSid("MG", serviceSid)) {
                throw new IllegalArgumentException("Malformed number or SID in an observation of " + e164);
            }
            if (source == Source.UPLOAD && (reference == null || !UPLOAD_ID.matcher(reference).matches())) {
                throw new IllegalArgumentException("An upload's observation names the upload by its id");
            }
            if (failureReason != null) {
                failureReason = failureReason.strip();
                failureReason = failureReason.isEmpty() ? null : failureReason.length() <= FAILURE_REASON_MAX ? failureReason
                        : failureReason.substring(0, FAILURE_REASON_MAX - 1) + "\u2026";
            }
        }

        /** An observation without a failure reason or error code (a status report's). */
        public Observation(String e164, String accountSid, RegistrationStatus status, String campaignSid, String serviceSid,
                Instant observedAt, Source source, String reference) {
            this(e164, accountSid, status, campaignSid, serviceSid, observedAt, source, reference, null, null);
        }
    }

    /** What became of one observation. */
    public enum Outcome {
        ADDED, CHANGED, UNCHANGED, SUPERSEDED,
        /** Its account is not in the scope (another tree, or another subaccount than the scope's). */
        OUTSIDE_SCOPE,
        /** The number belongs to an account of the tree outside the one-account scope. */
        OTHER_ACCOUNT
    }

    /** A status change; {@code from} is null for a number added. */
    public record Transition(RegistrationStatus from, RegistrationStatus to) {
    }

    /**
     * A number added or changed, by the observation at {@code position} (its place in the batch,
     * from 0, or the position the caller gave it). {@code from} is null for a number added; it
     * equals {@code to} when only the account, campaign or service changed. {@code serviceFrom}
     * and {@code serviceTo} are the ids of its messaging service before and after (null: none).
     */
    public record Change(long position, long numberId, String e164, RegistrationStatus from, RegistrationStatus to,
            boolean moved, boolean campaignChanged, boolean serviceChanged, Long serviceFrom, Long serviceTo) {
    }

    /**
     * An observation that contradicts an earlier one of the same batch: same number, same time,
     * other values (a report listing a number twice, differently). {@code first} is the position
     * of the number's first observation at that time.
     */
    public record Contradiction(long position, String e164, long first) {
    }

    /**
     * What a batch would do, known before it is applied: how many observations it holds, how many
     * of them repeat an earlier observation of their number at the same time (a report listing a
     * number twice), the observations that contradict earlier ones, and those refused for their
     * account. A caller that finds the batch unacceptable rolls back instead of applying it.
     */
    public record Review(long observations, long repeats, List<Contradiction> contradictions, List<Refused> refused) {
    }

    /** An observation not applied because of its account. */
    public record Refused(long position, String e164, String accountSid, Outcome reason) {
    }

    /**
     * What a batch did. {@code changed}: known numbers changed in any way; {@code transitions}:
     * numbers per status change (added ones from null), only where the status changed;
     * {@code moved}, {@code campaignChanges}, {@code serviceChanges}: known numbers whose account,
     * reported campaign SID, or service (reported SID or messaging service) changed.
     */
    public record Result(long observations, long added, long changed, long unchanged, long superseded,
            Map<Transition, Long> transitions, long moved, long campaignChanges, long serviceChanges, List<Change> changes,
            List<Refused> refused, List<Long> supersededPositions) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    TransactionManager transactions;

    /** Applies observations to the scope's tree, in the current transaction. */
    public Result apply(TenantScope scope, Iterable<Observation> observations) {
        try (Batch batch = begin(scope)) {
            for (Observation observation : observations) {
                batch.add(observation);
            }
            return batch.apply();
        }
    }

    /**
     * A batch on the connection of the current transaction, for the scope's tree: add the
     * observations (they stream to the database as they come), then apply them.
     */
    public Batch begin(TenantScope scope) {
        try {
            if (transactions.getStatus() != Status.STATUS_ACTIVE) {
                throw new IllegalStateException("The status ledger applies observations in the caller's transaction");
            }
            return new Batch(dataSource.getConnection(), true, scope.rootId(), scope.accountId());
        } catch (SQLException | SystemException e) {
            throw new IllegalStateException("The status ledger could not start a batch", e);
        }
    }

    /**
     * A batch on a connection of the caller's, in its open transaction, for the tree of the root
     * account {@code rootId}; {@code accountId} limits the scope to one account of it (null: the whole tree).
     */
    public static Batch begin(Connection connection, long rootId, Long accountId) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("The status ledger applies observations in the caller's transaction");
        }
        return new Batch(connection, false, rootId, accountId);
    }

    /**
     * Takes the lock the ledger holds on a tree while it applies observations, until the end of the
     * connection's transaction; a caller that records more than the ledger's changes under the same
     * lock (the events' record of what they did) takes it first.
     */
    public static void lockTree(Connection connection, long rootId) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("select pg_advisory_xact_lock(" + TREE_LOCK + ", " + Long.hashCode(rootId) + ")");
        }
    }

    /** Observations on their way to the database, applied together by {@link #apply()}. */
    public static final class Batch implements AutoCloseable {
        private final Connection connection;
        private final boolean closeConnection;
        private final long rootId;
        private final Long accountId;
        /** COPY's marker of a column's default. */
        private static final String DEFAULT = "\\D";
        private CopyIn copy;
        private Writer out;
        private long count;
        private long lastPosition = -1;
        private boolean reviewed;
        private boolean applied;
        private Instant firstTime;
        private Source firstSource;
        private String firstReference;
        /** The ids of the scope's accounts and of the tree's messaging services, by SID. */
        private final Map<String, Long> accounts = new HashMap<>();
        private final Map<String, Long> services = new HashMap<>();
        /** The last number added, and whether the numbers came in order (a status report sorted by number). */
        private String lastE164;
        private boolean inOrder = true;

        private Batch(Connection connection, boolean closeConnection, long rootId, Long accountId) {
            this.connection = connection;
            this.closeConnection = closeConnection;
            this.rootId = rootId;
            this.accountId = accountId;
        }

        /**
         * Creates the staging table and starts copying into it. The time, the source and the
         * reference of the first observation become the columns' defaults, and later observations
         * that share them (all of an upload's) leave them out: a million timestamps are then neither
         * sent nor parsed. The accounts and services are staged as their ids, looked up here once
         * for the batch (a tree has some hundreds of them): the comparison then joins the
         * observations with the tree's numbers alone, and the staged rows are narrower. An
         * account outside the scope is staged by its SID, to be refused.
         */
        private void startCopy(Instant firstTime, Source firstSource, String firstReference) throws SQLException {
            this.firstTime = firstTime;
            this.firstSource = firstSource;
            this.firstReference = firstReference;
            try (PreparedStatement st = connection.prepareStatement("select sid, id from account where root_id = ? "
                    + "and (cast(? as bigint) is null or id = ?)")) {
                st.setLong(1, rootId);
                setAccount(st, 2, accountId);
                setAccount(st, 3, accountId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        accounts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (PreparedStatement st = connection.prepareStatement("select s.sid, s.id from messaging_service s "
                    + "join account a on a.id = s.account_id where a.root_id = ?")) {
                st.setLong(1, rootId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        services.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (Statement st = connection.createStatement()) {
                // dropped at commit; an earlier batch of the same transaction dropped its own
                st.execute("create temporary table ledger_observation ("
                        + "position     bigint      not null, "
                        + "e164         varchar(16) not null, "
                        + "account_id   bigint, "
                        + "account_sid  varchar(34), "
                        + "status       varchar(32) not null, "
                        + "campaign_sid varchar(34), "
                        + "service_sid  varchar(34), "
                        + "service_id   bigint, "
                        + "observed_at  timestamptz not null default '" + firstTime + "', "
                        + "source       varchar(8)  not null default '" + firstSource.name() + "', "
                        + "source_ref   varchar(200) default "
                        + (firstReference == null ? "null" : "'" + firstReference.replace("'", "''") + "'") + ", "
                        + "failure_reason varchar(500), "
                        + "error_code   integer"
                        + ") on commit drop");
            }
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy ledger_observation (position, e164, "
                    + "account_id, account_sid, status, campaign_sid, service_sid, service_id, observed_at, source, source_ref, "
                    + "failure_reason, error_code) from stdin "
                    + "with (format csv, default '" + DEFAULT + "')");
            out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(copy, 1 << 16), StandardCharsets.UTF_8));
        }

        /** Adds an observation; its position is the number of observations added before it. */
        public Batch add(Observation o) {
            return add(count, o);
        }

        /**
         * Adds an observation at a position of the caller's (a line of a file, say), greater than
         * the positions added before: changes, refusals and contradictions are reported by it.
         */
        public Batch add(long position, Observation o) {
            if (reviewed) {
                throw new IllegalStateException("This batch is reviewed already");
            }
            if (position <= lastPosition) {
                throw new IllegalArgumentException("Positions increase: " + position + " after " + lastPosition);
            }
            lastPosition = position;
            count++;
            inOrder &= lastE164 == null || o.e164().compareTo(lastE164) > 0;
            lastE164 = o.e164();
            try {
                if (copy == null) {
                    startCopy(o.observedAt(), o.source(), o.reference());
                }
                // numbers, SIDs and names are checked to need no quoting; the reference may hold anything
                Long account = accounts.get(o.accountSid());
                Long service = o.serviceSid() == null ? null : services.get(o.serviceSid());
                out.append(Long.toString(position)).append(',').append(o.e164()).append(',')
                        .append(account == null ? "" : account.toString()).append(',')
                        .append(account == null ? o.accountSid() : "").append(',')
                        .append(o.status().name()).append(',').append(Objects.toString(o.campaignSid(), "")).append(',')
                        .append(Objects.toString(o.serviceSid(), "")).append(',')
                        .append(service == null ? "" : service.toString()).append(',')
                        .append(o.observedAt().equals(firstTime) ? DEFAULT : o.observedAt().toString()).append(',')
                        .append(o.source() == firstSource ? DEFAULT : o.source().name()).append(',');
                if (Objects.equals(o.reference(), firstReference)) {
                    out.append(DEFAULT);
                } else if (o.reference() != null) {
                    quoted(o.reference());
                }
                out.append(',');
                if (o.failureReason() != null) {
                    quoted(o.failureReason());
                }
                out.append(',').append(o.errorCode() == null ? "" : o.errorCode().toString()).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("An observation could not be staged", e);
            } catch (SQLException e) {
                throw new IllegalStateException("The status ledger could not start staging", e);
            }
            return this;
        }

        private void quoted(String value) throws IOException {
            out.append('"').append(value.replace("\"", "\"\"")).append('"');
        }

        /**
         * Ends the staging, takes the tree's lock and compares the observations with the tree:
         * what applying would do, with the observations that contradict others or are refused.
         * Nothing is changed yet; {@link #apply()} follows, or the caller rolls back.
         */
        public Review review() {
            if (reviewed) {
                throw new IllegalStateException("This batch is reviewed already");
            }
            reviewed = true;
            try {
                long started = System.nanoTime();
                if (copy == null) {
                    // an empty batch: nothing to stage, the same statements answer
                    startCopy(Instant.EPOCH, Source.API, null);
                }
                out.close();
                // two batches of one tree at a time would compare against numbers the other is changing
                lockTree(connection, rootId);
                long locked = System.nanoTime();
                boolean repeated = compare(connection, rootId, accountId, inOrder);
                long compared = System.nanoTime();
                Review review = repeated ? repeats(connection, count) : new Review(count, 0, List.of(), refused(connection));
                LOG.debugf("ledger: %d observations; copy ended and lock taken %.2f s, compared %.2f s, reviewed %.2f s",
                        count, (locked - started) / 1e9, (compared - locked) / 1e9, (System.nanoTime() - compared) / 1e9);
                return review;
            } catch (IOException e) {
                throw new UncheckedIOException("The observations could not be staged", e);
            } catch (SQLException e) {
                throw new IllegalStateException("The observations could not be compared", e);
            }
        }

        /** Applies the observations added (reviewed first if the caller did not); the batch is done after that. */
        public Result apply() {
            if (applied) {
                throw new IllegalStateException("This batch is applied already");
            }
            if (!reviewed) {
                review();
            }
            applied = true;
            try (Statement st = connection.createStatement()) {
                long started = System.nanoTime();
                Result result = settle(connection, rootId, count);
                st.execute("drop table ledger_observation, ledger_plan");
                LOG.debugf("ledger: %d observations applied in %.2f s", (Object) count, (System.nanoTime() - started) / 1e9);
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException("The observations could not be applied", e);
            }
        }

        /** Ends an unapplied batch's copy (the caller is rolling back), and gives back the transaction's connection. */
        @Override
        public void close() {
            try {
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
                if (closeConnection) {
                    connection.close();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("The status ledger's batch could not be closed", e);
            }
        }
    }

    /** What an observation of a brand's or a campaign's status did. */
    public enum StatusOutcome {
        CHANGED, UNCHANGED,
        /** Dated before the status's last observation: nothing changed. */
        SUPERSEDED,
        /** The tree has no brand or campaign of that SID (its inventory was not uploaded yet, say). */
        UNKNOWN
    }

    /**
     * Applies an observed brand status to the brand of that SID in the tree of {@code rootId}, on the
     * caller's connection and transaction, unless an observation dated later was applied before.
     */
    public static StatusOutcome observeBrand(Connection c, long rootId, String brandSid, BrandStatus status, Instant observedAt)
            throws SQLException {
        return observe(c, "brand", "b.sid = ?", brandSid, rootId, status.name(), null, observedAt);
    }

    /**
     * Applies an observed campaign status to the campaign of that SID (the {@code CM…} or the
     * {@code QE…} one) in the tree, as {@link #observeBrand} does. The error code is kept with a
     * failed campaign, and cleared by any other status.
     */
    public static StatusOutcome observeCampaign(Connection c, long rootId, String campaignSid, CampaignStatus status,
            Integer errorCode, Instant observedAt) throws SQLException {
        return observe(c, "campaign", campaignSid.startsWith("QE") ? "b.sid = ?" : "b.console_sid = ?", campaignSid, rootId,
                status.name(), status == CampaignStatus.FAILED ? errorCode : null, observedAt);
    }

    private static StatusOutcome observe(Connection c, String table, String bySid, String sid, long rootId, String status,
            Integer errorCode, Instant observedAt) throws SQLException {
        boolean campaign = table.equals("campaign");
        long id;
        String oldStatus;
        Integer oldError;
        try (PreparedStatement st = c.prepareStatement("select b.id, b.status, b.status_observed_at, "
                + (campaign ? "b.error_code" : "null::integer") + " from " + table + " b join account a on a.id = b.account_id "
                + "where " + bySid + " and a.root_id = ? for update of b")) {
            st.setString(1, sid);
            st.setLong(2, rootId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return StatusOutcome.UNKNOWN;
                }
                id = rs.getLong(1);
                oldStatus = rs.getString(2);
                java.sql.Timestamp last = rs.getTimestamp(3);
                if (last != null && observedAt.isBefore(last.toInstant())) {
                    return StatusOutcome.SUPERSEDED;
                }
                oldError = rs.getObject(4, Integer.class);
            }
        }
        boolean changed = !oldStatus.equals(status) || campaign && !Objects.equals(oldError, errorCode);
        try (PreparedStatement st = c.prepareStatement("update " + table + " set status = ?, status_observed_at = ?"
                + (campaign ? ", error_code = ?" : "") + " where id = ?")) {
            st.setString(1, status);
            st.setObject(2, java.time.OffsetDateTime.ofInstant(observedAt, java.time.ZoneOffset.UTC));
            if (campaign) {
                st.setObject(3, errorCode, Types.INTEGER);
            }
            st.setLong(campaign ? 4 : 3, id);
            st.executeUpdate();
        }
        return changed ? StatusOutcome.CHANGED : StatusOutcome.UNCHANGED;
    }

    /**
     * Writes ledger_plan: every observation that is not already true of its number, with what it
     * would do, and the number as it is. The observations that agree with their numbers (most of a
     * status report) are counted, not kept. Returns whether some number is observed more than once.
     */
    private static boolean compare(Connection c, long rootId, Long accountId, boolean inOrder) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    create temporary table ledger_plan (
                        position         bigint      not null,
                        e164             varchar(16) not null,
                        account_sid      varchar(34),
                        status           varchar(32) not null,
                        campaign_sid     varchar(34),
                        service_sid      varchar(34),
                        observed_at      timestamptz not null,
                        source           varchar(8)  not null,
                        source_ref       varchar(200),
                        account_id       bigint,
                        service_id       bigint,
                        number_id        bigint,
                        old_status       varchar(32),
                        old_service_id   bigint,
                        moved            boolean,
                        campaign_changed boolean,
                        service_changed  boolean,
                        failure_reason   varchar(500),
                        error_code       integer,
                        outcome          varchar(16) not null
                    ) on commit drop""");
        }
        // Each observation's number is looked up in the tree (its account and service were looked
        // up when it was staged). Of the observations that would change a number, one that the
        // batch follows with a later observation of the same number is superseded by it: only when
        // the batch observes some number twice are those few looked up again, through the index.
        boolean observedAgain = indexObservations(c);
        if (observedAgain || !inOrder) {
            try (Statement st = c.createStatement()) {
                // Observations staged in number order, once each, need no statistics: the unique
                // index gives their count and that each number is distinct, and the planner walks
                // it along the tree's index (a merge join, 1.0 s for a million). Out of order, that
                // walk would read the staged rows at random (3.8 s): the statistics show the
                // planner their order, and it hashes instead (2.0 s). Repeated numbers need their
                // statistics too (the planner would guess they repeat by the thousand).
                st.execute("analyze ledger_observation");
            }
        }
        try (PreparedStatement st = c.prepareStatement("""
                insert into ledger_plan
                select position, e164, account_sid, status, campaign_sid, service_sid, observed_at, source, source_ref,
                       account_id, service_id, number_id, old_status, old_service_id, moved, campaign_changed, service_changed,
                       failure_reason, error_code,
                       case when cast(? as boolean) and outcome in ('ADDED', 'CHANGED', 'CONFIRMED') and exists (select 1
                                from ledger_observation later where later.e164 = compared.e164
                                and (later.observed_at, later.position) > (compared.observed_at, compared.position))
                            then case when outcome = 'CONFIRMED' then 'UNCHANGED' else 'SUPERSEDED' end else outcome end
                from (
                    select o.position, o.e164, o.account_sid, o.status, o.campaign_sid, o.service_sid, o.observed_at, o.source,
                           o.source_ref, o.failure_reason, o.error_code, o.account_id, o.service_id, n.id as number_id,
                           n.status as old_status,
                           n.messaging_service_id as old_service_id,
                           n.account_id <> o.account_id as moved,
                           n.reported_campaign_sid is distinct from o.campaign_sid as campaign_changed,
                           n.reported_service_sid is distinct from o.service_sid
                               or o.service_id is not null and n.messaging_service_id is distinct from o.service_id as service_changed,
                           case when o.account_id is null then 'OUTSIDE_SCOPE'
                                when n.id is null then 'ADDED'
                                when cast(? as bigint) is not null and n.account_id <> o.account_id then 'OTHER_ACCOUNT'
                                when o.observed_at < n.status_observed_at then 'SUPERSEDED'
                                when n.status <> o.status or n.account_id <> o.account_id
                                     or n.reported_campaign_sid is distinct from o.campaign_sid
                                     or n.reported_service_sid is distinct from o.service_sid
                                     or o.service_id is not null and n.messaging_service_id is distinct from o.service_id
                                     or o.failure_reason is not null and n.failure_reason is distinct from o.failure_reason
                                     or o.error_code is not null and n.error_code is distinct from o.error_code then 'CHANGED'
                                when o.source <> 'UPLOAD' and o.observed_at > n.status_observed_at then 'CONFIRMED'
                                else 'UNCHANGED' end as outcome
                    from ledger_observation o
                    left join phone_number n on n.root_account_id = ? and n.e164 = o.e164
                ) compared
                where outcome <> 'UNCHANGED'""")) {
            st.setBoolean(1, observedAgain);
            setAccount(st, 2, accountId);
            st.setLong(3, rootId);
            st.executeUpdate();
        }
        return observedAgain;
    }

    /**
     * Indexes the staged numbers; true when some number is observed more than once. The index is
     * built unique on the number first: most batches (every status report without a repeated
     * line) pass, and then need neither a search for repeats nor a look for later observations of
     * a number. A number observed again makes the build fail; it is undone to the savepoint, and
     * the index built on the number and the time instead.
     */
    private static boolean indexObservations(Connection c) throws SQLException {
        // in SQL: a transaction's connection (JTA) may not be rolled back to a savepoint through JDBC
        try (Statement st = c.createStatement()) {
            st.execute("savepoint ledger_index");
            try {
                st.execute("create unique index ledger_observation_e164 on ledger_observation (e164)");
                st.execute("release savepoint ledger_index");
                return false;
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                st.execute("rollback to savepoint ledger_index");
            }
            st.execute("create index ledger_observation_e164 on ledger_observation (e164, observed_at)");
            return true;
        }
    }

    /**
     * Finds the observations of a number at one time listed more than once: one aggregate over the
     * batch (a group's values differ exactly when some column's smallest and largest differ), then
     * the lines of the few numbers whose listings differ, through the index on the staged numbers.
     */
    private static Review repeats(Connection c, long observations) throws SQLException {
        long repeats = 0;
        List<String> differing = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                select e164, count(*) - 1, min(account_id) <> max(account_id)
                       or min(coalesce(account_sid, '')) <> max(coalesce(account_sid, '')) or min(status) <> max(status)
                       or min(coalesce(campaign_sid, '')) <> max(coalesce(campaign_sid, ''))
                       or min(coalesce(service_sid, '')) <> max(coalesce(service_sid, ''))
                from ledger_observation group by e164, observed_at having count(*) > 1""")) {
            while (rs.next()) {
                repeats += rs.getLong(2);
                if (rs.getBoolean(3)) {
                    differing.add(rs.getString(1));
                }
            }
        }
        List<Contradiction> contradictions = new ArrayList<>();
        if (!differing.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("""
                    with listed as (
                        select o.position, o.e164, o.account_id, o.account_sid, o.status, o.campaign_sid, o.service_sid,
                               min(o.position) over (partition by o.e164, o.observed_at) as first
                        from ledger_observation o where o.e164 = any (?)
                    )
                    select l.position, l.e164, l.first from listed l join listed f on f.position = l.first
                    where (l.account_id, l.account_sid, l.status, l.campaign_sid, l.service_sid)
                          is distinct from (f.account_id, f.account_sid, f.status, f.campaign_sid, f.service_sid)
                    order by l.position""")) {
                st.setArray(1, c.createArrayOf("varchar", differing.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        contradictions.add(new Contradiction(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
        }
        return new Review(observations, repeats, List.copyOf(contradictions), refused(c));
    }

    private static List<Refused> refused(Connection c) throws SQLException {
        List<Refused> refused = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select p.position, p.e164, "
                + "coalesce(p.account_sid, a.sid), p.outcome from ledger_plan p left join account a on a.id = p.account_id "
                + "where p.outcome in ('OUTSIDE_SCOPE', 'OTHER_ACCOUNT') order by p.position")) {
            while (rs.next()) {
                refused.add(new Refused(rs.getLong(1), rs.getString(2), rs.getString(3), Outcome.valueOf(rs.getString(4))));
            }
        }
        return List.copyOf(refused);
    }

    private static void setAccount(PreparedStatement st, int at, Long accountId) throws SQLException {
        if (accountId == null) {
            st.setNull(at, Types.BIGINT);
        } else {
            st.setLong(at, accountId);
        }
    }

    /**
     * Applies the plan in one statement: the changed numbers updated, the new ones added, a history
     * entry for each status change; returns what it did.
     */
    private static Result settle(Connection c, long rootId, long observations) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                with changed as (
                    update phone_number n set
                        status = p.status,
                        status_changed_at = case when n.status <> p.status then p.observed_at else n.status_changed_at end,
                        status_observed_at = p.observed_at,
                        account_id = p.account_id,
                        reported_campaign_sid = p.campaign_sid,
                        reported_service_sid = p.service_sid,
                        joined_service_at = case when p.service_id is not null and n.messaging_service_id is distinct from p.service_id
                                                 then p.observed_at else n.joined_service_at end,
                        messaging_service_id = coalesce(p.service_id, n.messaging_service_id),
                        failure_reason = case when n.status <> p.status then p.failure_reason
                                              else coalesce(p.failure_reason, n.failure_reason) end,
                        error_code = case when n.status <> p.status then p.error_code else coalesce(p.error_code, n.error_code) end,
                        status_source = p.source
                    from ledger_plan p
                    where p.outcome = 'CHANGED' and n.id = p.number_id
                    returning n.id, p.position, n.e164, p.old_status, n.status, p.moved, p.campaign_changed, p.service_changed,
                              p.old_service_id, n.messaging_service_id, p.observed_at, p.source, p.source_ref
                ),
                added as (
                    insert into phone_number (e164, account_id, root_account_id, messaging_service_id, status, joined_service_at,
                                              status_changed_at, status_observed_at, reported_campaign_sid, reported_service_sid,
                                              failure_reason, error_code, status_source)
                    select e164, account_id, ?, service_id, status, case when service_id is not null then observed_at end,
                           observed_at, observed_at, campaign_sid, service_sid, failure_reason, error_code, source
                    from ledger_plan where outcome = 'ADDED'
                    returning id, e164, status, messaging_service_id
                ),
                confirmed as (
                    update phone_number n set status_observed_at = p.observed_at, status_source = p.source
                    from ledger_plan p
                    where p.outcome = 'CONFIRMED' and n.id = p.number_id
                ),
                applied as (
                    select id, position, e164, old_status, status, moved, campaign_changed, service_changed, old_service_id,
                           messaging_service_id, observed_at, source, source_ref
                    from changed
                    union all
                    select a.id, p.position, a.e164, null, a.status, false, false, false, null, a.messaging_service_id,
                           p.observed_at, p.source, p.source_ref
                    from added a join ledger_plan p on p.e164 = a.e164 and p.outcome = 'ADDED'
                ),
                history as (
                    insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, observed_at,
                                                       source, source_ref, upload_id)
                    select id, ?, old_status, status, observed_at, source, source_ref,
                           case when source = 'UPLOAD' then source_ref::bigint end
                    from applied where old_status is distinct from status
                )
                select position, id, e164, old_status, status, moved, campaign_changed, service_changed, old_service_id,
                       messaging_service_id
                from applied order by position""")) {
            st.setLong(1, rootId);
            st.setLong(2, rootId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString(4);
                    changes.add(new Change(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            from == null ? null : RegistrationStatus.valueOf(from), RegistrationStatus.valueOf(rs.getString(5)),
                            rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getObject(9, Long.class),
                            rs.getObject(10, Long.class)));
                }
            }
        }
        List<Long> superseded = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select position from ledger_plan where outcome = 'SUPERSEDED' order by position")) {
            while (rs.next()) {
                superseded.add(rs.getLong(1));
            }
        }
        return summary(observations, changes, refused(c), superseded);
    }

    private static Result summary(long observations, List<Change> changes, List<Refused> refused, List<Long> superseded) {
        long added = 0;
        long moved = 0;
        long campaigns = 0;
        long services = 0;
        Map<Transition, Long> transitions = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change.from() == null) {
                added++;
            }
            if (change.from() != change.to()) {
                transitions.merge(new Transition(change.from(), change.to()), 1L, Long::sum);
            }
            moved += change.moved() ? 1 : 0;
            campaigns += change.campaignChanged() ? 1 : 0;
            services += change.serviceChanged() ? 1 : 0;
        }
        long changed = changes.size() - added;
        long unchanged = observations - changes.size() - refused.size() - superseded.size();
        return new Result(observations, added, changed, unchanged, superseded.size(), Map.copyOf(transitions), moved, campaigns,
                services, List.copyOf(changes), List.copyOf(refused), List.copyOf(superseded));
    }
}
