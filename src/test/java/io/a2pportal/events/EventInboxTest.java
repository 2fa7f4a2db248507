package io.a2pportal.events;

import static io.a2pportal.events.SinkFixtures.batch;
import static io.a2pportal.events.SinkFixtures.numberEvent;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.events.SinkFixtures.TestSink;
import io.a2pportal.numbers.StatusLedger;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The inbox applies each acknowledged event exactly once: with several drains at it side by side
 * (as several instances do), after a drain whose transaction died, past a delivery that cannot be
 * processed at all, and after the retention job deleted the raw deliveries.
 */
@QuarkusTest
class EventInboxTest {

    @Inject
    Fixtures fixtures;

    @Inject
    SinkFixtures sinks;

    @Inject
    EventInbox inbox;

    @Inject
    EventRetention retention;

    @Inject
    DataSource dataSource;

    private TwoTenants tenants() {
        return new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".inbox.test");
    }

    private static long later(int seconds) {
        return System.currentTimeMillis() + 60_000 + seconds * 1000L;
    }

    /** Stores deliveries as the sink does, all in one transaction (so that they are pending together). */
    private void store(TestSink sink, List<String> bodies) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(
                    "insert into event_delivery (sink_id, authenticated_by, body) values (?, 'BASIC', ?)")) {
                for (String body : bodies) {
                    st.setString(1, sink.id());
                    st.setBytes(2, body.getBytes(StandardCharsets.UTF_8));
                    st.addBatch();
                }
                st.executeBatch();
            }
            c.commit();
        }
    }

    @Test
    void twoDrainsOverOneInboxApplyEachEventOnce() throws Exception {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        long at = later(1);
        // 40 deliveries of 10 events; each event comes in two deliveries next to each other
        List<String> bodies = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            List<String> events = new ArrayList<>();
            for (int e = d * 5; e < d * 5 + 10; e++) {
                events.add(numberEvent("EVtwo" + e, "number-registration.successful", String.format("+1999666%04d", e), t.a1.sid,
                        at, null));
            }
            bodies.add(batch(events.toArray(String[]::new)));
        }
        store(sink, bodies);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> drains = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            drains.add(threads.submit(() -> {
                start.await();
                return inbox.drain();
            }));
        }
        start.countDown();
        int drained = 0;
        for (Future<Integer> drain : drains) {
            drained += drain.get();
        }
        threads.shutdown();
        sinks.awaitProcessed(sink);

        assertTrue(drained > 0, "the two drains processed deliveries: " + drained);
        assertEquals(List.of("205 205"), sinks.rows("select count(*) || ' ' || count(distinct h.source_ref) "
                + "from number_status_history h join phone_number n on n.id = h.phone_number_id "
                + "where n.root_account_id = ? and h.source = 'EVENT'", t.a.id));
        assertEquals(List.of("205 APPLIED"), sinks.rows("select count(*) || ' ' || min(outcome) from event_received "
                + "where root_account_id = ? and outcome = 'APPLIED'", t.a.id));
        assertEquals(List.of("205"), sinks.rows("select count(*) from phone_number where account_id = ? and status = 'REGISTERED' "
                + "and status_source = 'EVENT'", t.a1.id));
        assertEquals(List.of("40 400"), sinks.rows("select count(*) || ' ' || sum(events) from event_delivery "
                + "where sink_id = ? and processed_at is not null", sink.id()));
    }

    @Test
    void aDeliveryWhoseDrainWasKilledIsAppliedByTheNextDrain() throws Exception {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.a2Numbers.get(0);
        try (Connection holder = dataSource.getConnection()) {
            // something holds the tree (a long import, say): the drain that claims the delivery waits on it
            holder.setAutoCommit(false);
            StatusLedger.lockTree(holder, t.a.id);

            assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), batch(
                    numberEvent("EVkilled", "number-registration.pending", number, t.a2.sid, later(1), null))).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> !waitingDrains().isEmpty());
            // the drain's instance dies: its connection goes, and its transaction with it
            for (String pid : waitingDrains()) {
                sinks.rows("select pg_terminate_backend(?)", Integer.parseInt(pid));
            }
            assertEquals(List.of("1"), sinks.rows("select count(*) from event_delivery where sink_id = ? and processed_at is null",
                    sink.id()));
            assertEquals(List.of("FAILURE"), sinks.rows("select status from phone_number where root_account_id = ? and e164 = ?",
                    t.a.id, number));
            holder.rollback();
        }
        sinks.awaitProcessed(sink);

        assertEquals(List.of("PENDING_REGISTRATION EVENT"), sinks.rows("select status || ' ' || status_source from phone_number "
                + "where root_account_id = ? and e164 = ?", t.a.id, number));
        assertEquals(List.of("FAILURE>PENDING_REGISTRATION EVkilled"), sinks.rows("select h.old_status || '>' || h.new_status "
                + "|| ' ' || h.source_ref from number_status_history h join phone_number n on n.id = h.phone_number_id "
                + "where n.root_account_id = ? and n.e164 = ?", t.a.id, number));
    }

    private List<String> waitingDrains() {
        return sinks.rows("select pid from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory' "
                + "and pid <> pg_backend_pid() and query like '%pg_advisory_xact_lock%'");
    }

    @Test
    void aDeliveryThatCannotBeProcessedIsSetAsideAndHoldsUpNoOther() throws Exception {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.aNumbers.get(0);
        // PostgreSQL keeps no NUL character in text: this event's id cannot be recorded
        store(sink, List.of(
                batch(numberEvent("EVnul\\u0000", "number-registration.failed", t.aNumbers.get(1), t.a.sid, later(1), null)),
                batch(numberEvent("EVafter", "number-registration.failed", number, t.a.sid, later(1), "Blocked"))));
        inbox.wake();
        sinks.awaitProcessed(sink);

        assertEquals(List.of("FAILURE EVENT Blocked"), sinks.rows("select status || ' ' || status_source || ' ' || failure_reason "
                + "from phone_number where root_account_id = ? and e164 = ?", t.a.id, number));
        assertEquals(List.of("REGISTERED"), sinks.rows("select status from phone_number where root_account_id = ? and e164 = ?",
                t.a.id, t.aNumbers.get(1)));
        List<String> problems = sinks.rows("select kind || ': ' || detail from event_problem where sink_id = ?", sink.id());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("FAILED: A delivery could not be processed after 3 attempts and was set aside; "
                + "none of its events was applied. The last attempt stopped with: "), problems.get(0));
    }

    @Test
    void retentionDeletesOldDeliveriesAndKeepsWhatMakesARedeliveryApplyNothing() throws Exception {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.aNumbers.get(2);
        String json = batch(numberEvent("EVkept", "number-deregistration.pending", number, t.a.sid, later(1), null));
        sinks.postBasic(sink, sink.user(), sink.password(), json);
        sinks.awaitProcessed(sink);
        sinks.update("update event_delivery set received_at = now() - interval '2 days' where sink_id = ?", sink.id());

        retention.purge();
        assertEquals(List.of("0"), sinks.rows("select count(*) from event_delivery where sink_id = ?", sink.id()));
        assertEquals(List.of("EVkept APPLIED"), sinks.rows("select event_id || ' ' || outcome from event_received "
                + "where root_account_id = ?", t.a.id));
        // a redelivery after the delivery was deleted applies nothing
        sinks.update("update phone_number set status = 'REGISTERED' where root_account_id = ? and e164 = ?", t.a.id, number);
        sinks.postBasic(sink, sink.user(), sink.password(), json);
        sinks.awaitProcessed(sink);
        assertEquals(List.of("REGISTERED"), sinks.rows("select status from phone_number where root_account_id = ? and e164 = ?",
                t.a.id, number));

        sinks.update("update event_received set received_at = now() - interval '31 days' where root_account_id = ?", t.a.id);
        retention.purge();
        assertEquals(List.of("0"), sinks.rows("select count(*) from event_received where root_account_id = ?", t.a.id));
    }
}
