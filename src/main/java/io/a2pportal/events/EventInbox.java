package io.a2pportal.events;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.a2pportal.events.VendorEvents.Event;
import io.a2pportal.jobs.JobScheduler;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.numbers.StatusLedger;
import io.a2pportal.numbers.StatusLedger.Observation;
import io.a2pportal.numbers.StatusLedger.Source;
import io.a2pportal.numbers.StatusLedger.StatusOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Applies the deliveries the sink stored. A drain claims pending deliveries in batches
 * ({@code for update skip locked}, so that any number of instances drain one inbox side by side),
 * and in one transaction per batch: records each event of a tree once by its CloudEvents id (a
 * redelivered event finds its record and applies nothing), applies the number events through the
 * status ledger (source EVENT, the event id as reference) and the brand and campaign events by the
 * ledger's rule of time, lists the problems for the owner, and marks the deliveries processed. A
 * transaction that dies (its instance killed, its connection lost) leaves its deliveries pending
 * for the next drain.
 *
 * Each instance drains {@code portal.events.drain-delay} after it has acknowledged a delivery
 * (applying the deliveries of that moment together); the durable recurring job
 * sweeps the inbox every {@code portal.events.sweep-interval} on whichever instance db-scheduler
 * picks, which takes what a dead instance left. A batch that fails is split into its deliveries;
 * one that fails alone {@code portal.events.max-attempts} times is set aside with a FAILED problem.
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);
    static final String SWEEP = "drain-event-inbox";

    @Inject
    DataSource dataSource;

    @Inject
    EventsConfig config;

    @Inject
    JobScheduler jobs;

    @Inject
    MeterRegistry metrics;

    private final ExecutorService local = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-inbox");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    @Produces
    @Singleton
    Task<Void> sweepTask() {
        return Tasks.recurring(SWEEP, Schedules.fixedDelay(config.sweepInterval())).execute((instance, context) -> drain());
    }

    /**
     * Asks this instance to drain the inbox soon (the sink calls it once a delivery is committed).
     * At most one drain runs and one waits; a wake during a drain makes it look once more.
     */
    public void wake() {
        if (!jobs.running()) {
            // an instance that serves pages only leaves the inbox to the others' sweep
            return;
        }
        if (queued.compareAndSet(false, true)) {
            try {
                local.execute(() -> {
                    try {
                        // deliveries come by the dozen a second: applying those of a moment together costs far less
                        Thread.sleep(config.drainDelay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    queued.set(false);
                    try {
                        drain();
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Draining the event inbox failed; the sweep will try again");
                    }
                });
            } catch (RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        local.shutdown();
        local.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Drains the inbox until no pending delivery is left unclaimed; returns how many deliveries were processed. */
    public int drain() {
        int total = 0;
        while (true) {
            int drained = drainOnce();
            total += drained;
            if (drained < config.drainBatch()) {
                return total;
            }
        }
    }

    /** A stored delivery, claimed. */
    record Delivery(long id, String sinkId, long rootId, byte[] body, Instant receivedAt) {
    }

    /** Claims and processes one batch; the number of deliveries it held. */
    int drainOnce() {
        List<Delivery> claimed;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                claimed = claim(c, null, config.drainBatch());
                if (claimed.isEmpty()) {
                    c.commit();
                    return 0;
                }
                long started = System.nanoTime();
                Map<String, Long> tally = new HashMap<>();
                process(c, claimed, tally);
                c.commit();
                count(tally);
                LOG.debugf("Event inbox: %d deliveries processed in %.1f ms", (Object) claimed.size(), (System.nanoTime() - started) / 1e6);
                return claimed.size();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("A batch of the event inbox failed (%s); its deliveries are tried one by one", e.getMessage());
        }
        // one delivery that cannot be processed must hold up no other
        int processed = 0;
        for (long id : pendingIds(config.drainBatch())) {
            processed += drainAlone(id) ? 1 : 0;
        }
        return processed;
    }

    private List<Long> pendingIds(int limit) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select id from event_delivery where processed_at is null order by id limit ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            LOG.warnf("The event inbox cannot be read: %s", e.getMessage());
        }
        return ids;
    }

    private boolean drainAlone(long id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Delivery> claimed = claim(c, id, 1);
                Map<String, Long> tally = new HashMap<>();
                if (!claimed.isEmpty()) {
                    process(c, claimed, tally);
                }
                c.commit();
                count(tally);
                return !claimed.isEmpty();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                failed(id, e);
                return false;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.warnf("Delivery %d could not be processed: %s", id, e.getMessage());
            return false;
        }
    }

    /** Counts a failed try; sets the delivery aside with a problem after the last one. */
    private void failed(long id, Exception cause) {
        LOG.warnf(cause, "Event delivery %d could not be processed", id);
        String reason = VendorEvents.shorten(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("update event_delivery set attempts = attempts + 1, last_error = ? "
                    + "where id = ? and processed_at is null returning attempts, sink_id")) {
                st.setString(1, reason);
                st.setLong(2, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getInt(1) >= config.maxAttempts()) {
                        int attempts = rs.getInt(1);
                        String sink = rs.getString(2);
                        try (PreparedStatement set = c.prepareStatement(
                                "update event_delivery set processed_at = now(), problems = 1 where id = ?");
                                PreparedStatement problem = c.prepareStatement("insert into event_problem (sink_id, kind, "
                                        + "delivery_id, detail) values (?, 'FAILED', ?, ?)")) {
                            set.setLong(1, id);
                            set.executeUpdate();
                            problem.setString(1, sink);
                            problem.setLong(2, id);
                            problem.setString(3, "A delivery could not be processed after " + attempts + " attempts and was set "
                                    + "aside; none of its events was applied. The last attempt stopped with: " + reason);
                            problem.executeUpdate();
                        }
                        LOG.errorf("Event delivery %d set aside after %d failed attempts", id, attempts);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            LOG.warnf("The failure of event delivery %d could not be recorded: %s", id, e.getMessage());
        }
    }

    /** {@code portal_events_total{outcome}}: events by outcome, and {@code duplicate} for those recorded before. */
    private void count(Map<String, Long> tally) {
        tally.forEach((outcome, n) -> metrics.counter("portal.events", "outcome", outcome).increment(n));
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is gone, and the transaction with it
        }
    }

    private static List<Delivery> claim(Connection c, Long id, int limit) throws SQLException {
        List<Delivery> claimed = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("select d.id, d.sink_id, s.root_account_id, d.body, d.received_at "
                + "from event_delivery d join event_sink s on s.id = d.sink_id "
                + "where d.processed_at is null and (cast(? as bigint) is null or d.id = ?) "
                + "order by d.id limit ? for update of d skip locked")) {
            st.setObject(1, id, java.sql.Types.BIGINT);
            st.setObject(2, id, java.sql.Types.BIGINT);
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Delivery(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return claimed;
    }

    /** What one event is to do, as classified before it is known to be new. */
    private static final class Item {
        final Delivery delivery;
        final Event event;
        final Instant observedAt;
        Long accountId;
        EventOutcome outcome = EventOutcome.APPLIED;
        ProblemKind problem;
        String detail;
        Observation observation;
        BrandStatus brand;
        CampaignStatus campaign;
        String sid;
        Integer errorCode;

        Item(Delivery delivery, Event event) {
            this.delivery = delivery;
            this.event = event;
            this.observedAt = event.observedAt(delivery.receivedAt());
        }

        Item problem(EventOutcome outcome, ProblemKind kind, String detail) {
            this.outcome = outcome;
            this.problem = kind;
            this.detail = detail;
            return this;
        }
    }

    private record Problem(String sinkId, ProblemKind kind, long deliveryId, String eventId, String detail) {
    }

    private void process(Connection c, List<Delivery> deliveries, Map<String, Long> tally) throws SQLException {
        Map<Long, List<Delivery>> byTree = new TreeMap<>();
        for (Delivery d : deliveries) {
            byTree.computeIfAbsent(d.rootId(), root -> new ArrayList<>()).add(d);
        }
        Map<Long, int[]> counts = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            counts.put(d.id(), new int[2]);
        }
        List<Problem> problems = new ArrayList<>();
        // trees in order of their ids, each under its ledger lock: two drains never wait on each other in a circle
        for (Map.Entry<Long, List<Delivery>> tree : byTree.entrySet()) {
            processTree(c, tree.getKey(), tree.getValue(), counts, problems, tally);
        }
        insertProblems(c, problems);
        for (Problem p : problems) {
            counts.get(p.deliveryId())[1]++;
        }
        try (PreparedStatement st = c.prepareStatement("update event_delivery d set processed_at = now(), events = x.events, "
                + "problems = x.problems from unnest(?::bigint[], ?::int[], ?::int[]) as x(id, events, problems) where d.id = x.id")) {
            st.setArray(1, c.createArrayOf("bigint", counts.keySet().toArray()));
            st.setArray(2, c.createArrayOf("integer", counts.values().stream().map(n -> n[0]).toArray()));
            st.setArray(3, c.createArrayOf("integer", counts.values().stream().map(n -> n[1]).toArray()));
            st.executeUpdate();
        }
    }

    private void processTree(Connection c, long rootId, List<Delivery> deliveries, Map<Long, int[]> counts,
            List<Problem> problems, Map<String, Long> tally) throws SQLException {
        StatusLedger.lockTree(c, rootId);
        Map<String, Long> accounts = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("select sid, id from account where root_id = ?")) {
            st.setLong(1, rootId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    accounts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Delivery d : deliveries) {
            VendorEvents.Batch batch = VendorEvents.parse(d.body());
            counts.get(d.id())[0] = batch.events().size() + batch.malformed().size();
            for (String malformed : batch.malformed()) {
                problems.add(new Problem(d.sinkId(), ProblemKind.MALFORMED, d.id(), null, malformed));
            }
            for (Event event : batch.events()) {
                if (seen.add(event.id())) {
                    items.add(classify(new Item(d, event), accounts));
                } else {
                    tally.merge("duplicate", 1L, Long::sum);
                }
            }
        }
        if (items.isEmpty()) {
            return;
        }
        long parsed = System.nanoTime();
        List<Item> fresh = record(c, rootId, items);
        LOG.debugf("Event inbox: tree %d, %d events recorded in %.1f ms", (Object) rootId, items.size(), (System.nanoTime() - parsed) / 1e6);
        List<Item> numbers = new ArrayList<>();
        List<Item> others = new ArrayList<>();
        for (Item item : fresh) {
            if (item.problem != null) {
                problems.add(new Problem(item.delivery.sinkId(), item.problem, item.delivery.id(), item.event.id(), item.detail));
            } else if (item.observation != null) {
                numbers.add(item);
            } else if (item.brand != null || item.campaign != null) {
                others.add(item);
            }
        }
        if (!numbers.isEmpty()) {
            StatusLedger.Result result;
            // in number order, as the ledger compares them fastest (the time breaks ties: the ledger applies the later one)
            numbers.sort(Comparator.comparing((Item item) -> item.observation.e164()).thenComparing(item -> item.observedAt));
            try (StatusLedger.Batch batch = StatusLedger.begin(c, rootId, null)) {
                for (Item item : numbers) {
                    batch.add(item.observation);
                }
                result = batch.apply();
            }
            for (Item item : numbers) {
                item.outcome = EventOutcome.UNCHANGED;
            }
            for (StatusLedger.Change change : result.changes()) {
                numbers.get((int) change.position()).outcome = EventOutcome.APPLIED;
            }
            for (long position : result.supersededPositions()) {
                numbers.get((int) position).outcome = EventOutcome.SUPERSEDED;
            }
            for (StatusLedger.Refused refused : result.refused()) {
                numbers.get((int) refused.position()).outcome = EventOutcome.REFUSED;
            }
        }
        // brands and campaigns in the order the vendor observed them
        others.sort(Comparator.comparing((Item item) -> item.observedAt));
        for (Item item : others) {
            StatusOutcome outcome = item.brand != null
                    ? StatusLedger.observeBrand(c, rootId, item.sid, item.brand, item.observedAt)
                    : StatusLedger.observeCampaign(c, rootId, item.sid, item.campaign, item.errorCode, item.observedAt);
            item.outcome = switch (outcome) {
                case CHANGED -> EventOutcome.APPLIED;
                case UNCHANGED -> EventOutcome.UNCHANGED;
                case SUPERSEDED -> EventOutcome.SUPERSEDED;
                case UNKNOWN -> EventOutcome.IGNORED;
            };
        }
        settleOutcomes(c, rootId, fresh);
        tally.merge("duplicate", (long) (items.size() - fresh.size()), Long::sum);
        for (Item item : fresh) {
            tally.merge(item.outcome.name(), 1L, Long::sum);
        }
    }

    /** What the event is, from its type and fields; a problem when it cannot be applied. */
    private static Item classify(Item item, Map<String, Long> accounts) {
        Event e = item.event;
        String type = e.type();
        String named = "Event " + e.id() + (type.isEmpty() ? "" : " (" + type.replace(VendorEvents.GROUP, "") + ")");
        RegistrationStatus number = VendorEvents.NUMBER_TYPES.get(type);
        CampaignStatus campaign = type.startsWith(VendorEvents.SUSPENDED_CAMPAIGN_PREFIX) ? CampaignStatus.SUSPENDED
                : VendorEvents.CAMPAIGN_TYPES.get(type);
        BrandStatus brand = VendorEvents.BRAND_TYPES.get(type);
        boolean ignored = VendorEvents.IGNORED_TYPES.contains(type);
        if (type.isEmpty()) {
            return item.problem(EventOutcome.PROBLEM, ProblemKind.MISSING_FIELD, named + " has no type.");
        }
        if (number == null && campaign == null && brand == null && !ignored) {
            return item.problem(EventOutcome.PROBLEM, ProblemKind.UNKNOWN_TYPE, named + " is of a type the portal does not know.");
        }
        String accountSid = e.sid("accountsid", "AC");
        if (accountSid == null) {
            return item.problem(EventOutcome.PROBLEM, ProblemKind.MISSING_FIELD, named + " has no valid accountsid"
                    + (e.text("accountsid") == null ? "." : ": \u201c" + VendorEvents.shorten(e.text("accountsid")) + "\u201d."));
        }
        item.accountId = accounts.get(accountSid);
        if (item.accountId == null) {
            return item.problem(EventOutcome.REFUSED, ProblemKind.FOREIGN_ACCOUNT, named + " names the account " + accountSid
                    + ", which is not in this sink's account tree; it was not applied.");
        }
        if (ignored) {
            item.outcome = EventOutcome.IGNORED;
        } else if (number != null) {
            String e164 = e.e164();
            if (e164 == null) {
                return item.problem(EventOutcome.PROBLEM, ProblemKind.MISSING_FIELD, named + " has no phonenumber in E.164 form"
                        + (e.text("phonenumber") == null ? "." : ": \u201c" + VendorEvents.shorten(e.text("phonenumber")) + "\u201d."));
            }
            Long code = e.number("errorcode");
            item.observation = new Observation(e164, accountSid, number, e.sid("campaignsid", "CM", "QE"),
                    e.sid("messagingservicesid", "MG"), item.observedAt, Source.EVENT, e.id(), e.text("failurereason"),
                    code == null || code != code.intValue() ? null : code.intValue());
        } else if (campaign != null) {
            item.sid = e.sid("campaignsid", "CM", "QE");
            if (item.sid == null) {
                return item.problem(EventOutcome.PROBLEM, ProblemKind.MISSING_FIELD, named + " has no valid campaignsid.");
            }
            Long code = e.number("errorcode");
            item.campaign = campaign;
            item.errorCode = code == null || code != code.intValue() ? null : code.intValue();
        } else {
            item.sid = e.sid("brandsid", "BN");
            if (item.sid == null) {
                return item.problem(EventOutcome.PROBLEM, ProblemKind.MISSING_FIELD, named + " has no valid brandsid.");
            }
            item.brand = brand;
        }
        return item;
    }

    /**
     * Records the events in the tree's record, each once; returns those recorded now, the others
     * having been recorded (and applied) by an earlier delivery.
     */
    private static List<Item> record(Connection c, long rootId, List<Item> items) throws SQLException {
        int n = items.size();
        Object[] ids = new Object[n];
        Object[] deliveries = new Object[n];
        Object[] accounts = new Object[n];
        Object[] types = new Object[n];
        Object[] times = new Object[n];
        Object[] received = new Object[n];
        Object[] outcomes = new Object[n];
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            ids[i] = item.event.id();
            deliveries[i] = item.delivery.id();
            accounts[i] = item.accountId;
            types[i] = item.event.type();
            times[i] = item.observedAt.toString();
            received[i] = item.delivery.receivedAt().toString();
            outcomes[i] = item.outcome.name();
        }
        Set<String> recorded = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement("""
                insert into event_received (root_account_id, event_id, delivery_id, account_id, type, event_time, received_at, outcome)
                select ?, x.event_id, x.delivery_id, x.account_id, x.type, x.event_time::timestamptz, x.received_at::timestamptz,
                       x.outcome
                from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                     as x(event_id, delivery_id, account_id, type, event_time, received_at, outcome)
                on conflict do nothing
                returning event_id""")) {
            st.setLong(1, rootId);
            st.setArray(2, c.createArrayOf("varchar", ids));
            st.setArray(3, c.createArrayOf("bigint", deliveries));
            st.setArray(4, c.createArrayOf("bigint", accounts));
            st.setArray(5, c.createArrayOf("varchar", types));
            st.setArray(6, c.createArrayOf("varchar", times));
            st.setArray(7, c.createArrayOf("varchar", received));
            st.setArray(8, c.createArrayOf("varchar", outcomes));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
        }
        List<Item> fresh = new ArrayList<>(recorded.size());
        for (Item item : items) {
            if (recorded.contains(item.event.id())) {
                fresh.add(item);
            }
        }
        return fresh;
    }

    /** Writes the outcomes that differ from the one recorded first (APPLIED, for what was to be applied). */
    private static void settleOutcomes(Connection c, long rootId, List<Item> fresh) throws SQLException {
        List<Object> ids = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>();
        for (Item item : fresh) {
            if (item.problem == null && item.outcome != EventOutcome.APPLIED && (item.observation != null || item.sid != null)) {
                ids.add(item.event.id());
                outcomes.add(item.outcome.name());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("update event_received r set outcome = x.outcome "
                + "from unnest(?::varchar[], ?::varchar[]) as x(event_id, outcome) "
                + "where r.root_account_id = ? and r.event_id = x.event_id")) {
            Array idArray = c.createArrayOf("varchar", ids.toArray());
            st.setArray(1, idArray);
            st.setArray(2, c.createArrayOf("varchar", outcomes.toArray()));
            st.setLong(3, rootId);
            st.executeUpdate();
        }
    }

    private static void insertProblems(Connection c, List<Problem> problems) throws SQLException {
        if (problems.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("insert into event_problem (sink_id, kind, delivery_id, event_id, detail) "
                + "values (?, ?, ?, ?, ?)")) {
            for (Problem p : problems) {
                st.setString(1, p.sinkId());
                st.setString(2, p.kind().name());
                st.setLong(3, p.deliveryId());
                st.setString(4, p.eventId());
                st.setString(5, p.detail().length() <= 1000 ? p.detail() : p.detail().substring(0, 997) + "...");
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
