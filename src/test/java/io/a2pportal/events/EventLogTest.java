package io.a2pportal.events;

import static io.a2pportal.events.SinkFixtures.batch;
import static io.a2pportal.events.SinkFixtures.numberEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.events.EventLog.TypeCount;
import io.a2pportal.events.SinkFixtures.TestSink;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** What the pages read of the events: per account and type, the last event, problems and counters, within the scope. */
@QuarkusTest
class EventLogTest {

    @Inject
    Fixtures fixtures;

    @Inject
    SinkFixtures sinks;

    @Inject
    EventLog log;

    @Test
    void countsProblemsAndCountersStayWithinTheScope() {
        TwoTenants t = new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".log.test");
        TestSink sink = sinks.sink(t.a);
        long at = System.currentTimeMillis() + 60_000;
        String registered = SinkFixtures.GROUP + "number-registration.successful";
        sinks.postBasic(sink, "nobody", "wrong", "[]");
        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                numberEvent("L1", "number-registration.successful", t.a1Numbers.get(0), t.a1.sid, at, null),
                numberEvent("L2", "number-registration.successful", t.a1Numbers.get(1), t.a1.sid, at, null),
                numberEvent("L3", "number-registration.failed", t.a2Numbers.get(0), t.a2.sid, at, null),
                numberEvent("L4", "number-registration.successful", t.bNumbers.get(0), t.b.sid, at, null)));
        sinks.awaitProcessed(sink);
        TenantScope tree = new TenantScope(t.a, Role.OWNER, t.a.id, null);
        TenantScope a1Only = new TenantScope(t.a1, Role.MEMBER, t.a.id, t.a1.id);
        Instant dayAgo = Instant.now().minus(1, ChronoUnit.DAYS);

        assertEquals(List.of(new TypeCount(t.a1.id, registered, 2, 2),
                new TypeCount(t.a2.id, SinkFixtures.GROUP + "number-registration.failed", 1, 0)),
                log.countsByAccountAndType(tree, dayAgo));
        assertEquals(List.of(new TypeCount(t.a1.id, registered, 2, 2)), log.countsByAccountAndType(a1Only, dayAgo));
        assertEquals(List.of(t.a1.id + " L1 APPLIED", t.a2.id + " L3 UNCHANGED"), log.lastEvents(tree).stream()
                .map(e -> e.accountId() + " " + (e.type().equals(registered) ? "L1" : "L3") + " " + e.outcome()).toList());
        assertEquals(List.of("FOREIGN_ACCOUNT", "REFUSED"), log.problems(tree, 10).stream().map(p -> p.kind().name()).toList());
        assertEquals(List.of(), log.problems(a1Only, 10));
        assertEquals(new EventLog.SinkCounters(1, log.counters(tree).lastRefusedAt(), 0), log.counters(tree));
        assertNull(log.counters(a1Only));
    }
}
