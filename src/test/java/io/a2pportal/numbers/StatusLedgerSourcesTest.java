package io.a2pportal.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.StatusLedger.Observation;
import io.a2pportal.numbers.StatusLedger.Result;
import io.a2pportal.numbers.StatusLedger.Source;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What the ledger keeps beside the status: the source of the last observation applied, the
 * vendor's failure reason and error code, and (for events, which come out of order) the time of an
 * observation that confirmed the status.
 */
@QuarkusTest
class StatusLedgerSourcesTest {

    private static final Instant T1 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant T2 = T1.plus(1, ChronoUnit.HOURS);
    private static final Instant T3 = T2.plus(1, ChronoUnit.HOURS);

    @Inject
    Fixtures fixtures;

    @Inject
    StatusLedger ledger;

    @Inject
    DataSource dataSource;

    private Result apply(Account root, Observation... observations) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.apply(new TenantScope(root, Role.OWNER, root.id, null),
                List.of(observations)));
    }

    private static Observation event(String e164, Account account, RegistrationStatus status, Instant at, String id,
            String reason, Integer code) {
        return new Observation(e164, account.sid, status, null, null, at, Source.EVENT, id, reason, code);
    }

    @Test
    void theSourceOfEachAppliedObservationIsKeptWithTheNumber() throws SQLException {
        TwoTenants t = new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".sources.test");
        long upload = fixtures.uploadFor(t.a, "report.csv");
        String byEvent = t.aNumbers.get(0);
        String byUpload = t.aNumbers.get(1);

        apply(t.a, event(byEvent, t.a, RegistrationStatus.FAILURE, T1, "ev-1", null, null),
                new Observation(byUpload, t.a.sid, RegistrationStatus.FAILURE, null, null, T1, Source.UPLOAD, Long.toString(upload)),
                new Observation("+19995550301", t.a.sid, RegistrationStatus.PENDING_REGISTRATION, null, null, T1, Source.UPLOAD,
                        Long.toString(upload)));

        assertEquals(List.of(byEvent + " EVENT", byUpload + " UPLOAD", "+19995550301 UPLOAD", t.aNumbers.get(2) + " -"),
                fixtures.rows("select e164 || ' ' || coalesce(status_source, '-') from phone_number where root_account_id = ? "
                        + "and e164 in (?, ?, ?, ?) order by case e164 when ? then 0 when ? then 1 when ? then 2 else 3 end",
                        t.a.id, byEvent, byUpload, "+19995550301", t.aNumbers.get(2), byEvent, byUpload, "+19995550301"));
    }

    @Test
    void aFailureReasonDescribesTheStatusItCameWith() throws SQLException {
        TwoTenants t = new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".sources.test");
        long upload = fixtures.uploadFor(t.a, "report.csv");
        String number = t.aNumbers.get(0);

        apply(t.a, event(number, t.a, RegistrationStatus.FAILURE, T1, "failed", "Number is in another campaign", 30126));
        assertEquals("FAILURE Number is in another campaign 30126", number(t.a, number));
        // a status report agrees, and carries no reason: the reason stays
        apply(t.a, new Observation(number, t.a.sid, RegistrationStatus.FAILURE, null, null, T2, Source.UPLOAD,
                Long.toString(upload)));
        assertEquals("FAILURE Number is in another campaign 30126", number(t.a, number));
        // another reason for the same status replaces it
        Result reason = apply(t.a, event(number, t.a, RegistrationStatus.FAILURE, T2, "failed-again", "Carrier rejected", null));
        assertEquals(1, reason.changed());
        assertEquals("FAILURE Carrier rejected 30126", number(t.a, number));
        // a new status clears both
        apply(t.a, event(number, t.a, RegistrationStatus.PENDING_REGISTRATION, T3, "retried", null, null));
        assertEquals("PENDING_REGISTRATION - -", number(t.a, number));
    }

    @Test
    void anEventThatConfirmsTheStatusSupersedesOlderEventsDeliveredAfterIt() throws SQLException {
        TwoTenants t = new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".sources.test");
        String number = t.aNumbers.get(0);

        Result confirmed = apply(t.a, event(number, t.a, RegistrationStatus.REGISTERED, T3, "confirms", null, null));
        Result late = apply(t.a, event(number, t.a, RegistrationStatus.FAILURE, T2, "late", "x", null));

        assertEquals(1, confirmed.unchanged());
        assertEquals(List.of(0L), late.supersededPositions());
        assertEquals(List.of("REGISTERED 2030-01-01 12:00:00 EVENT"), fixtures.rows("select status || ' ' "
                + "|| (status_observed_at at time zone 'UTC') || ' ' || status_source from phone_number "
                + "where root_account_id = ? and e164 = ?", t.a.id, number));
        assertEquals(0, fixtures.historyCount(t.a));
    }

    private String number(Account root, String e164) throws SQLException {
        return fixtures.rows("select status || ' ' || coalesce(failure_reason, '-') || ' ' || coalesce(error_code::text, '-') "
                + "from phone_number where root_account_id = ? and e164 = ?", root.id, e164).get(0);
    }

}
