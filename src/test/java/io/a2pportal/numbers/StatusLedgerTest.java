package io.a2pportal.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.StatusLedger.Batch;
import io.a2pportal.numbers.StatusLedger.Change;
import io.a2pportal.numbers.StatusLedger.Contradiction;
import io.a2pportal.numbers.StatusLedger.Observation;
import io.a2pportal.numbers.StatusLedger.Outcome;
import io.a2pportal.numbers.StatusLedger.Refused;
import io.a2pportal.numbers.StatusLedger.Result;
import io.a2pportal.numbers.StatusLedger.Review;
import io.a2pportal.numbers.StatusLedger.Source;
import io.a2pportal.numbers.StatusLedger.Transition;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The status ledger applies observations to one tree: changes recorded with their source, counts
 * kept, older observations superseded, new numbers added to their account, accounts outside the
 * scope refused, another tenant's numbers untouched, and a summary that says exactly what happened.
 */
@QuarkusTest
class StatusLedgerTest {

    // later than the fixtures' numbers were made (and so observed)
    private static final Instant T1 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant T2 = T1.plus(1, ChronoUnit.HOURS);

    @Inject
    Fixtures fixtures;

    @Inject
    StatusLedger ledger;

    @Inject
    DataSource dataSource;

    private TwoTenants tenants() {
        return new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".ledger.test");
    }

    private static TenantScope wholeTree(Account root) {
        return new TenantScope(root, Role.OWNER, root.id, null);
    }

    private Result apply(TenantScope scope, Observation... observations) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.apply(scope, List.of(observations)));
    }

    private static Observation event(String e164, Account account, RegistrationStatus status, Instant at, String eventId) {
        return new Observation(e164, account.sid, status, null, null, at, Source.EVENT, eventId);
    }

    @Test
    void aChangeIsRecordedInTheHistoryWithItsSourceAndReference() throws SQLException {
        TwoTenants t = tenants();
        String number = t.aNumbers.get(0);
        long service = fixtures.serviceOf(number).id;
        long uploadId = fixtures.uploadFor(t.a, "report.csv");

        Result result = apply(wholeTree(t.a), event(number, t.a, RegistrationStatus.FAILURE, T1, "evt-\"1\", quoted"));
        apply(wholeTree(t.a), new Observation(number, t.a.sid, RegistrationStatus.REGISTERED, null, null, T2, Source.UPLOAD,
                Long.toString(uploadId)));

        assertEquals(List.of(new Change(0, numberId(t.a, number), number, RegistrationStatus.REGISTERED,
                RegistrationStatus.FAILURE, false, false, false, service, service)), result.changes());
        assertEquals(List.of(
                "REGISTERED>FAILURE EVENT evt-\"1\", quoted upload=null observed=2030-01-01 10:00:00",
                "FAILURE>REGISTERED UPLOAD " + uploadId + " upload=" + uploadId + " observed=2030-01-01 11:00:00"),
                fixtures.rows("select old_status || '>' || new_status || ' ' || source || ' ' || source_ref || ' upload=' "
                        + "|| coalesce(upload_id::text, 'null') || ' observed=' || (observed_at at time zone 'UTC') from number_status_history "
                        + "where phone_number_id = ? order by id", numberId(t.a, number)));
        assertEquals(List.of("REGISTERED 2030-01-01 11:00:00"),
                fixtures.rows("select status || ' ' || (status_observed_at at time zone 'UTC') from phone_number where id = ?", numberId(t.a, number)));
    }

    @Test
    void thePerAccountCountsFollowEveryChange() throws SQLException {
        TwoTenants t = tenants();
        // a1: 4 pending; a2: 3 failure. One a1 number registers, one moves to a2 as failure, one is new in a2.
        apply(wholeTree(t.a), event(t.a1Numbers.get(0), t.a1, RegistrationStatus.REGISTERED, T1, "e1"),
                event(t.a1Numbers.get(1), t.a2, RegistrationStatus.FAILURE, T1, "e2"),
                event("+19995550001", t.a2, RegistrationStatus.FAILURE, T1, "e3"));

        String expected = t.a1.id + " PENDING_REGISTRATION 2\n" + t.a1.id + " REGISTERED 1\n" + t.a2.id + " FAILURE 5";
        assertEquals(expected, String.join("\n", fixtures.rows("select account_id || ' ' || status || ' ' || count from account_status_count "
                + "where account_id in (?, ?) and count <> 0 order by account_id, status", t.a1.id, t.a2.id)));
        assertEquals(expected, String.join("\n", fixtures.rows("select account_id || ' ' || status || ' ' || count(*) from phone_number "
                + "where account_id in (?, ?) group by account_id, status order by account_id, status", t.a1.id, t.a2.id)));
    }

    @Test
    void anOlderObservationAfterANewerOneChangesNothingAndIsSuperseded() throws SQLException {
        TwoTenants t = tenants();
        String number = t.aNumbers.get(1);
        apply(wholeTree(t.a), event(number, t.a, RegistrationStatus.PENDING_DEREGISTRATION, T2, "newer"));
        String before = fixtures.inventorySnapshot(t.a);

        Result late = apply(wholeTree(t.a), event(number, t.a, RegistrationStatus.FAILURE, T1, "older"));

        assertEquals(new Result(1, 0, 0, 0, 1, Map.of(), 0, 0, 0, List.of(), List.of(), List.of(0L)), late);
        assertEquals(before, fixtures.inventorySnapshot(t.a));
        assertEquals(List.of("REGISTERED>PENDING_DEREGISTRATION newer"), fixtures.rows("select old_status || '>' || new_status || ' ' "
                + "|| source_ref from number_status_history where phone_number_id = ? order by id", numberId(t.a, number)));
    }

    @Test
    void ofTwoObservationsOfANumberInOneBatchTheLaterOneCounts() throws SQLException {
        TwoTenants t = tenants();
        String number = t.aNumbers.get(2);

        Result result = apply(wholeTree(t.a), event(number, t.a, RegistrationStatus.FAILURE, T2, "later"),
                event(number, t.a, RegistrationStatus.UNREGISTERED, T1, "earlier"));

        assertEquals(List.of(1L), result.supersededPositions());
        assertEquals(Map.of(new Transition(RegistrationStatus.REGISTERED, RegistrationStatus.FAILURE), 1L), result.transitions());
        assertEquals(List.of("FAILURE"), fixtures.rows("select status from phone_number where id = ?", numberId(t.a, number)));
    }

    @Test
    void aNewNumberIsAddedToTheObservationsAccountWithItsService() throws SQLException {
        TwoTenants t = tenants();
        MessagingService service = fixtures.serviceOf(t.a1Numbers.get(0));
        String campaign = service.campaign.consoleSid;

        Result result = apply(wholeTree(t.a), new Observation("+19995550002", t.a1.sid, RegistrationStatus.PENDING_REGISTRATION,
                campaign, service.sid, T1, Source.EVENT, "new-number"));

        long id = numberId(t.a, "+19995550002");
        assertEquals(List.of(new Change(0, id, "+19995550002", null, RegistrationStatus.PENDING_REGISTRATION, false, false, false,
                null, service.id)),
                result.changes());
        assertEquals(1, result.added());
        assertEquals(List.of(t.a1.id + " " + t.a.id + " PENDING_REGISTRATION " + campaign + " " + service.sid + " " + service.id
                + " joined=2030-01-01 10:00:00 changed=2030-01-01 10:00:00"),
                fixtures.rows("select account_id || ' ' || root_account_id || ' ' || status || ' ' || reported_campaign_sid || ' ' "
                        + "|| reported_service_sid || ' ' || messaging_service_id || ' joined=' || (joined_service_at at time zone 'UTC') "
                        + "|| ' changed=' || (status_changed_at at time zone 'UTC') from phone_number where id = ?", id));
        assertEquals(List.of("null>PENDING_REGISTRATION EVENT"), fixtures.rows("select coalesce(old_status, 'null') || '>' || new_status "
                + "|| ' ' || source from number_status_history where phone_number_id = ?", id));
    }

    @Test
    void anAccountOutsideTheScopeIsRefusedAndNeverApplied() throws SQLException {
        TwoTenants t = tenants();
        String beforeA = fixtures.inventorySnapshot(t.a);
        String beforeB = fixtures.inventorySnapshot(t.b);
        TenantScope a1Only = new TenantScope(t.a1, Role.MEMBER, t.a.id, t.a1.id);

        // another tenant's account, in the whole tree's scope and in a subaccount's
        Result tree = apply(wholeTree(t.a), event("+19995550003", t.b, RegistrationStatus.REGISTERED, T1, "foreign"),
                event(t.bNumbers.get(0), t.b, RegistrationStatus.REGISTERED, T1, "foreign-known"));
        // a sibling account, and a sibling's number named under the scope's own account
        Result member = apply(a1Only, event(t.a2Numbers.get(0), t.a2, RegistrationStatus.REGISTERED, T1, "sibling"),
                event(t.a2Numbers.get(1), t.a1, RegistrationStatus.REGISTERED, T1, "sibling-number"));

        assertEquals(List.of(new Refused(0, "+19995550003", t.b.sid, Outcome.OUTSIDE_SCOPE),
                new Refused(1, t.bNumbers.get(0), t.b.sid, Outcome.OUTSIDE_SCOPE)), tree.refused());
        assertEquals(List.of(new Refused(0, t.a2Numbers.get(0), t.a2.sid, Outcome.OUTSIDE_SCOPE),
                new Refused(1, t.a2Numbers.get(1), t.a1.sid, Outcome.OTHER_ACCOUNT)), member.refused());
        assertEquals(new Result(2, 0, 0, 0, 0, Map.of(), 0, 0, 0, List.of(), tree.refused(), List.of()), tree);
        assertEquals(beforeA, fixtures.inventorySnapshot(t.a));
        assertEquals(beforeB, fixtures.inventorySnapshot(t.b));
        assertEquals(0, fixtures.historyCount(t.a));
        assertEquals(0, fixtures.historyCount(t.b));
    }

    @Test
    void anotherTenantsNumberWithTheSameE164IsUntouched() throws SQLException {
        TwoTenants t = tenants();
        String shared = t.bNumbers.get(0);
        String beforeB = fixtures.inventorySnapshot(t.b);

        Result result = apply(wholeTree(t.a), event(shared, t.a, RegistrationStatus.FAILURE, T1, "same-e164"));

        assertEquals(1, result.added());
        assertEquals(List.of(t.a.id + " FAILURE", t.b.id + " UNREGISTERED"),
                fixtures.rows("select root_account_id || ' ' || status from phone_number where e164 = ? and root_account_id in (?, ?) "
                        + "order by root_account_id", shared, t.a.id, t.b.id));
        assertEquals(beforeB, fixtures.inventorySnapshot(t.b));
        assertEquals(0, fixtures.historyCount(t.b));
    }

    @Test
    void theSummarySaysExactlyWhatTheBatchDid() throws SQLException {
        TwoTenants t = tenants();
        MessagingService a2Service = fixtures.serviceOf(t.a2Numbers.get(0));
        long a0Service = fixtures.serviceOf(t.aNumbers.get(0)).id;
        long a2Service0 = fixtures.serviceOf(t.aNumbers.get(2)).id;
        long a10Service = fixtures.serviceOf(t.a1Numbers.get(0)).id;
        String newCampaign = Fixtures.sid("QE");
        Observation failed = event(t.aNumbers.get(0), t.a, RegistrationStatus.FAILURE, T1, "0");
        Observation unchanged = event(t.aNumbers.get(1), t.a, RegistrationStatus.REGISTERED, T1, "1");
        Observation campaignOnly = new Observation(t.aNumbers.get(2), t.a.sid, RegistrationStatus.REGISTERED, newCampaign, null,
                T1, Source.API, null);
        Observation moved = new Observation(t.a1Numbers.get(0), t.a2.sid, RegistrationStatus.PENDING_REGISTRATION, null,
                a2Service.sid, T1, Source.EVENT, "3");
        Observation added = event("+19995550004", t.a1, RegistrationStatus.UNREGISTERED, T1, "4");
        Observation foreign = event("+19995550005", t.b1, RegistrationStatus.REGISTERED, T1, "5");
        // the fixtures' numbers were observed when they were made: a day before is older
        Observation older = event(t.a2Numbers.get(1), t.a2, RegistrationStatus.REGISTERED, Instant.now().minus(1, ChronoUnit.DAYS),
                "6");
        Observation failedTwice = event(t.a2Numbers.get(2), t.a2, RegistrationStatus.FAILURE, T1, "7");

        Result result = apply(wholeTree(t.a), failed, unchanged, campaignOnly, moved, added, foreign, older, failedTwice);

        // the fixtures' numbers have no reported SIDs, as these observations: only those naming one change them
        List<Change> changes = List.of(
                new Change(0, numberId(t.a, t.aNumbers.get(0)), t.aNumbers.get(0), RegistrationStatus.REGISTERED,
                        RegistrationStatus.FAILURE, false, false, false, a0Service, a0Service),
                new Change(2, numberId(t.a, t.aNumbers.get(2)), t.aNumbers.get(2), RegistrationStatus.REGISTERED,
                        RegistrationStatus.REGISTERED, false, true, false, a2Service0, a2Service0),
                new Change(3, numberId(t.a, t.a1Numbers.get(0)), t.a1Numbers.get(0), RegistrationStatus.PENDING_REGISTRATION,
                        RegistrationStatus.PENDING_REGISTRATION, true, false, true, a10Service, a2Service.id),
                new Change(4, numberId(t.a, "+19995550004"), "+19995550004", null, RegistrationStatus.UNREGISTERED, false, false,
                        false, null, null));
        assertEquals(new Result(8, 1, 3, 2, 1,
                Map.of(new Transition(RegistrationStatus.REGISTERED, RegistrationStatus.FAILURE), 1L,
                        new Transition(null, RegistrationStatus.UNREGISTERED), 1L),
                1, 1, 1, changes, List.of(new Refused(5, "+19995550005", t.b1.sid, Outcome.OUTSIDE_SCOPE)), List.of(6L)), result);
        assertEquals(List.of(t.a2.id + " PENDING_REGISTRATION " + a2Service.id),
                fixtures.rows("select account_id || ' ' || status || ' ' || messaging_service_id from phone_number where id = ?",
                        numberId(t.a, t.a1Numbers.get(0))));
        // only the status changes are history: the failure and the number added
        assertEquals(2, fixtures.historyCount(t.a));
    }

    @Test
    void aReviewNamesContradictionsAndRefusalsByTheCallersPositionsBeforeAnythingIsApplied() throws SQLException {
        TwoTenants t = tenants();
        String before = fixtures.inventorySnapshot(t.a);
        TenantScope a1Only = new TenantScope(t.a1, Role.MEMBER, t.a.id, t.a1.id);
        String known = t.a1Numbers.get(0);

        Review review = QuarkusTransaction.requiringNew().call(() -> {
            try (Batch batch = ledger.begin(a1Only)) {
                // a file's lines: a number listed twice alike, a number listed differently later, a sibling's number
                batch.add(2, event(known, t.a1, RegistrationStatus.REGISTERED, T1, "line 2"));
                batch.add(5, event("+19995550007", t.a1, RegistrationStatus.FAILURE, T1, "line 5"));
                batch.add(9, event(known, t.a1, RegistrationStatus.REGISTERED, T1, "line 9"));
                batch.add(12, event(known, t.a1, RegistrationStatus.FAILURE, T1, "line 12"));
                batch.add(14, event(t.a2Numbers.get(0), t.a1, RegistrationStatus.FAILURE, T1, "line 14"));
                return batch.review();
            }
        });

        assertEquals(new Review(5, 2, List.of(new Contradiction(12, known, 2)),
                List.of(new Refused(14, t.a2Numbers.get(0), t.a1.sid, Outcome.OTHER_ACCOUNT))), review);
        assertEquals(before, fixtures.inventorySnapshot(t.a));
        assertEquals(0, fixtures.historyCount(t.a));
    }

    @Test
    void nothingStaysWhenTheCallersTransactionRollsBack() throws SQLException {
        TwoTenants t = tenants();
        String before = fixtures.inventorySnapshot(t.a);

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            ledger.apply(wholeTree(t.a), List.of(event(t.aNumbers.get(0), t.a, RegistrationStatus.FAILURE, T1, "rolled-back"),
                    event("+19995550006", t.a, RegistrationStatus.FAILURE, T1, "rolled-back-new")));
            throw new IllegalStateException("the caller fails after the ledger");
        }));

        assertEquals(before, fixtures.inventorySnapshot(t.a));
        assertEquals(0, fixtures.historyCount(t.a));
    }

    @Test
    void anEmptyBatchChangesNothing() {
        TwoTenants t = tenants();
        String before = fixtures.inventorySnapshot(t.a);

        assertEquals(new Result(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, List.of(), List.of(), List.of()), apply(wholeTree(t.a)));
        assertEquals(before, fixtures.inventorySnapshot(t.a));
    }

    @Test
    void outsideATransactionTheLedgerRefusesToStart() {
        TwoTenants t = tenants();
        assertThrows(IllegalStateException.class, () -> ledger.begin(wholeTree(t.a)));
    }

    private long numberId(Account root, String e164) throws SQLException {
        return Long.parseLong(fixtures.rows("select id from phone_number where root_account_id = ? and e164 = ?", root.id, e164).get(0));
    }

}
