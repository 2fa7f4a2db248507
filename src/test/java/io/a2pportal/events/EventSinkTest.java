package io.a2pportal.events;

import static io.a2pportal.events.SinkFixtures.batch;
import static io.a2pportal.events.SinkFixtures.numberEvent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.a2pportal.events.SinkFixtures.TestSink;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The sink as the vendor meets it: a delivery signed with an auth token of the tree, or sent with
 * the sink's Basic credentials, is acknowledged and applied; anything else is refused, counted and
 * listed, and never applied; a malformed delivery is acknowledged and its problems listed.
 */
@QuarkusTest
class EventSinkTest {

    static final String TOKEN_A1 = "a1-auth-token-0123456789abcdef";
    static final String TOKEN_A = "a-auth-token-0123456789abcdef00";

    @Inject
    Fixtures fixtures;

    @Inject
    SinkFixtures sinks;

    @Inject
    SinkEndpoint endpoint;

    private TwoTenants tenants() {
        return new TwoTenants(fixtures, UUID.randomUUID().toString().substring(0, 8) + ".sink.test");
    }

    private static long later(int seconds) {
        return System.currentTimeMillis() + 60_000 + seconds * 1000L;
    }

    private String number(String e164, long rootId) {
        return sinks.rows("select status || ' ' || coalesce(status_source, '-') || ' ' || coalesce(failure_reason, '-') "
                + "from phone_number where root_account_id = ? and e164 = ?", rootId, e164).get(0);
    }

    private List<String> history(String e164, long rootId) {
        return sinks.rows("select coalesce(h.old_status, 'null') || '>' || h.new_status || ' ' || h.source || ' ' || h.source_ref "
                + "from number_status_history h join phone_number n on n.id = h.phone_number_id "
                + "where n.root_account_id = ? and n.e164 = ? order by h.id", rootId, e164);
    }

    @Test
    void aDeliverySignedWithAnAuthTokenOfTheTreeIsAcknowledgedAndApplied() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        sinks.token(t.a1, TOKEN_A1);
        String number = t.a1Numbers.get(0);

        Response response = sinks.postSigned(sink, TOKEN_A1,
                batch(numberEvent("EVsigned1", "number-registration.successful", number, t.a1.sid, later(1), null)));

        assertEquals(202, response.statusCode());
        sinks.awaitProcessed(sink);
        assertEquals("REGISTERED EVENT -", number(number, t.a.id));
        assertEquals(List.of("PENDING_REGISTRATION>REGISTERED EVENT EVsigned1"), history(number, t.a.id));
        assertEquals(List.of("SIGNATURE " + t.a1.id + " 1 0"), sinks.rows("select authenticated_by || ' ' || signer_account_id "
                + "|| ' ' || events || ' ' || problems from event_delivery where sink_id = ?", sink.id()));
        assertEquals(List.of("EVsigned1 APPLIED " + t.a1.id), sinks.rows("select event_id || ' ' || outcome || ' ' || account_id "
                + "from event_received where root_account_id = ?", t.a.id));
    }

    @Test
    void aWrongSignatureAnotherUrlAChangedBodyAndAReplayAreRefusedCountedAndNeverApplied() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        sinks.token(t.a, TOKEN_A);
        String number = t.aNumbers.get(0);
        byte[] body = batch(numberEvent("EVrefused1", "number-registration.failed", number, t.a.sid, later(1), "x"))
                .getBytes(StandardCharsets.UTF_8);
        String url = VendorSignature.urlFor(sink.url(), body);
        String signature = VendorSignature.sign(TOKEN_A, url);

        List<Integer> codes = new ArrayList<>();
        // signed with a token that is not the tree's
        codes.add(sinks.post(url, body, VendorSignature.sign("some-other-token-0123456789abcd", url)).statusCode());
        // signed for another URL (another sink's), sent to this one
        String otherUrl = VendorSignature.urlFor(SinkFixtures.BASE + "/events/AAAAAAAAAAAAAAAAAAAAAA", body);
        codes.add(sinks.post(url, body, VendorSignature.sign(TOKEN_A, otherUrl)).statusCode());
        // the signed URL and signature with a changed body
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("failed", "successful").getBytes(StandardCharsets.UTF_8);
        codes.add(sinks.post(url, changed, signature).statusCode());
        // a replay: another body, with its own hash in the URL, under the first request's signature
        codes.add(sinks.post(VendorSignature.urlFor(sink.url(), changed), changed, signature).statusCode());
        // no signature at all
        codes.add(sinks.post(url, body, null).statusCode());

        assertEquals(List.of(401, 401, 401, 401, 401), codes);
        assertEquals(List.of("5"), sinks.rows("select refused from event_sink where id = ?", sink.id()));
        assertEquals(List.of("REFUSED"), sinks.rows("select kind from event_problem where sink_id = ?", sink.id()));
        assertEquals(List.of("0"), sinks.rows("select count(*) from event_delivery where sink_id = ?", sink.id()));
        assertEquals("REGISTERED - -", number(number, t.a.id));
        // the signature itself was good: the same request as signed is accepted
        assertEquals(202, sinks.post(url, body, signature).statusCode());
    }

    @Test
    void aReplacedAuthTokenSignsFromTheMomentItIsSaved() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        sinks.token(t.a, TOKEN_A);
        assertEquals(202, sinks.postSigned(sink, TOKEN_A, "[]").statusCode());

        sinks.token(t.a, TOKEN_A1);
        endpoint.credentialsChanged(sink.id());

        assertEquals(401, sinks.postSigned(sink, TOKEN_A, "[]").statusCode());
        assertEquals(202, sinks.postSigned(sink, TOKEN_A1, "[]").statusCode());
    }

    @Test
    void theSinksBasicCredentialsAreAcceptedAndWrongOnesRefused() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.a2Numbers.get(0);
        String json = batch(numberEvent("EVbasic1", "number-deregistration.successful", number, t.a2.sid, later(1), null));

        assertEquals(401, sinks.postBasic(sink, sink.user(), "not-the-password", json).statusCode());
        assertEquals(401, sinks.postBasic(sink, "someone-else", sink.password(), json).statusCode());
        assertEquals("FAILURE - -", number(number, t.a.id));
        assertEquals(List.of("2"), sinks.rows("select refused from event_sink where id = ?", sink.id()));

        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), json).statusCode());
        sinks.awaitProcessed(sink);
        assertEquals("UNREGISTERED EVENT -", number(number, t.a.id));
    }

    @Test
    void anUnknownSinkIsRefusedLikeABadSignatureWithoutALoginRedirect() {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        String url = VendorSignature.urlFor(SinkFixtures.BASE + "/events/NoSuchSink0000000000", body);
        Response response = sinks.post(url, body, VendorSignature.sign("whatever-token", url));
        assertEquals(401, response.statusCode());
        assertEquals(401, sinks.post(SinkFixtures.BASE + "/events/x", body, null).statusCode());
    }

    @Test
    void aDeliveryOverTheLimitIsRefusedWithAMessage() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String json = "[" + "\"x\",".repeat(200_000) + "\"x\"]";

        Response response = sinks.postBasic(sink, sink.user(), sink.password(), json);

        assertEquals(413, response.statusCode());
        assertTrue(response.asString().contains("larger than the 524288 bytes this sink accepts"), response.asString());
        assertEquals(List.of("0"), sinks.rows("select count(*) from event_delivery where sink_id = ?", sink.id()));
    }

    @Test
    void aMalformedDeliveryIsAcknowledgedAndItsProblemsListed() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.aNumbers.get(1);

        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), "{not json").statusCode());
        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), "{\"type\":\"an object, not an array\"}").statusCode());
        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), batch(
                "{\"type\":\"" + SinkFixtures.GROUP + "number-registration.failed\",\"data\":{}}",
                numberEvent("EVunknown", "number-porting.started", number, t.a.sid, later(1), null),
                numberEvent("EVnophone", "number-registration.failed", "not a number", t.a.sid, later(1), null),
                "42",
                numberEvent("EVgood", "number-registration.failed", number, t.a.sid, later(2), "Campaign not verified")))
                .statusCode());

        sinks.awaitProcessed(sink);
        assertEquals(List.of(
                "MALFORMED - The delivery is not JSON",
                "MALFORMED - The delivery is not a JSON array of events.",
                "MALFORMED - Event 1 of the delivery has no id, so it cannot be told apart from a redelivery.",
                "MALFORMED - Event 4 of the delivery is not a JSON object.",
                "UNKNOWN_TYPE EVunknown Event EVunknown (number-porting.started) is of a type the portal does not know.",
                "MISSING_FIELD EVnophone Event EVnophone (number-registration.failed) has no phonenumber in E.164 form: \u201cnot a number\u201d."),
                sinks.rows("select kind || ' ' || coalesce(event_id, '-') || ' ' || case when detail like 'The delivery is not JSON%' "
                        + "then 'The delivery is not JSON' else detail end from event_problem where sink_id = ? order by id", sink.id()));
        // the good event of the batch is applied all the same, with its reason
        assertEquals("FAILURE EVENT Campaign not verified", number(number, t.a.id));
        assertEquals(List.of("EVgood APPLIED", "EVnophone PROBLEM", "EVunknown PROBLEM"), sinks.rows("select event_id || ' ' "
                + "|| outcome from event_received where root_account_id = ? order by event_id", t.a.id));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.aNumbers.get(2);
        String json = batch(numberEvent("EVtwice", "number-deregistration.pending", number, t.a.sid, later(1), null));

        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), json).statusCode());
        sinks.awaitProcessed(sink);
        // the vendor retries, and repeats the event in a batch of its own
        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), json).statusCode());
        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), batch(
                numberEvent("EVtwice", "number-deregistration.pending", number, t.a.sid, later(1), null),
                numberEvent("EVtwice", "number-deregistration.pending", number, t.a.sid, later(1), null))).statusCode());
        sinks.awaitProcessed(sink);

        assertEquals(List.of("REGISTERED>PENDING_DEREGISTRATION EVENT EVtwice"), history(number, t.a.id));
        assertEquals(List.of("1"), sinks.rows("select count(*) from event_received where root_account_id = ?", t.a.id));
        assertEquals(List.of("3"), sinks.rows("select count(*) from event_delivery where sink_id = ? and processed_at is not null",
                sink.id()));
        // the metrics count them (the counter is the application's: other tests add to it)
        String duplicates = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("portal_events_total{") && line.contains("outcome=\"duplicate\""))
                .findFirst().orElseThrow();
        assertTrue(Double.parseDouble(duplicates.substring(duplicates.lastIndexOf(' ') + 1)) >= 3, duplicates);
    }

    @Test
    void anEventOlderThanTheNumbersLastObservationIsSuperseded() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.a1Numbers.get(1);
        String agreeing = t.aNumbers.get(3);

        // the later events arrive first: a registration, and a registration of a number already registered
        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                numberEvent("EVnewer", "number-registration.successful", number, t.a1.sid, later(10), null),
                numberEvent("EVagree", "number-registration.successful", agreeing, t.a.sid, later(10), null)));
        sinks.awaitProcessed(sink);
        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                numberEvent("EVolder", "number-registration.failed", number, t.a1.sid, later(5), "late"),
                numberEvent("EVolder2", "number-registration.failed", agreeing, t.a.sid, later(5), "late")));
        sinks.awaitProcessed(sink);

        assertEquals("REGISTERED EVENT -", number(number, t.a.id));
        assertEquals("REGISTERED EVENT -", number(agreeing, t.a.id));
        assertEquals(List.of("PENDING_REGISTRATION>REGISTERED EVENT EVnewer"), history(number, t.a.id));
        assertEquals(List.of(), history(agreeing, t.a.id));
        assertEquals(List.of("EVagree UNCHANGED", "EVnewer APPLIED", "EVolder SUPERSEDED", "EVolder2 SUPERSEDED"),
                sinks.rows("select event_id || ' ' || outcome from event_received where root_account_id = ? order by event_id",
                        t.a.id));
    }

    @Test
    void anEventNamingAnAccountOutsideTheTreeIsRefusedListedAndNeverApplied() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String theirs = t.bNumbers.get(0);
        String before = fixtures.inventorySnapshot(t.b);

        assertEquals(202, sinks.postBasic(sink, sink.user(), sink.password(), batch(
                numberEvent("EVforeign", "number-registration.successful", theirs, t.b.sid, later(1), null),
                numberEvent("EVnew", "number-registration.pending", "+19995550123", t.a2.sid, later(1), null))).statusCode());
        sinks.awaitProcessed(sink);

        assertEquals(before, fixtures.inventorySnapshot(t.b));
        assertEquals(List.of(), sinks.rows("select e164 from phone_number where root_account_id = ? and e164 = ?", t.a.id, theirs));
        assertEquals(List.of("FOREIGN_ACCOUNT EVforeign Event EVforeign (number-registration.successful) names the account "
                + t.b.sid + ", which is not in this sink's account tree; it was not applied."),
                sinks.rows("select kind || ' ' || event_id || ' ' || detail from event_problem where sink_id = ?", sink.id()));
        assertEquals(List.of("EVforeign REFUSED", "EVnew APPLIED"), sinks.rows("select event_id || ' ' || outcome "
                + "from event_received where root_account_id = ? order by event_id", t.a.id));
        // a number the portal did not know is added to the account the event names
        assertEquals(List.of(t.a2.id + " PENDING_REGISTRATION EVENT"), sinks.rows("select account_id || ' ' || status || ' ' "
                + "|| status_source from phone_number where root_account_id = ? and e164 = '+19995550123'", t.a.id));
    }

    @Test
    void aFailureReasonIsKeptWithTheFailureAndClearedByTheNextStatus() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        String number = t.aNumbers.get(4);

        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                "{\"specversion\":\"1.0\",\"type\":\"" + SinkFixtures.GROUP + "number-registration.failed\",\"id\":\"EVreason\","
                        + "\"time\":\"2031-01-01T10:00:00Z\",\"data\":{\"phonenumber\":\"" + number.substring(1) + "\","
                        + "\"accountsid\":\"" + t.a.sid + "\",\"failureReason\":\"Number already in another campaign\"}}"));
        sinks.awaitProcessed(sink);
        assertEquals("FAILURE EVENT Number already in another campaign", number(number, t.a.id));
        assertEquals(List.of("2031-01-01 10:00:00"), sinks.rows("select status_observed_at at time zone 'UTC' from phone_number "
                + "where root_account_id = ? and e164 = ?", t.a.id, number));

        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                "{\"specversion\":\"1.0\",\"type\":\"" + SinkFixtures.GROUP + "number-registration.pending\",\"id\":\"EVretry\","
                        + "\"time\":\"2031-01-02T10:00:00Z\",\"data\":{\"phonenumber\":\"" + number + "\","
                        + "\"accountsid\":\"" + t.a.sid + "\"}}"));
        sinks.awaitProcessed(sink);
        assertEquals("PENDING_REGISTRATION EVENT -", number(number, t.a.id));
    }

    @Test
    void brandAndCampaignEventsUpdateTheirStatusWhenNewer() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        var service = fixtures.serviceOf(t.a1Numbers.get(0));
        String campaign = service.campaign.consoleSid;
        String brand = sinks.rows("select b.sid from brand b join campaign c on c.brand_id = b.id where c.console_sid = ?",
                campaign).get(0);

        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                "{\"type\":\"" + SinkFixtures.GROUP + "campaign-registration.campaign-failure\",\"id\":\"EVcm1\",\"data\":{"
                        + "\"accountsid\":\"" + t.a1.sid + "\",\"brandsid\":\"" + brand + "\",\"campaignsid\":\"" + campaign
                        + "\",\"campaignregistrationstatus\":\"failed\",\"timestamp\":" + later(2) + ",\"errorcode\":30896}}",
                "{\"type\":\"" + SinkFixtures.GROUP + "campaign-registration.campaign-approved\",\"id\":\"EVcm0\",\"data\":{"
                        + "\"accountsid\":\"" + t.a1.sid + "\",\"campaignsid\":\"" + campaign + "\",\"timestamp\":" + later(1) + "}}",
                "{\"type\":\"" + SinkFixtures.GROUP + "brand-registration.brand-failure\",\"id\":\"EVbn1\",\"data\":{"
                        + "\"accountsid\":\"" + t.a1.sid + "\",\"brandsid\":\"" + brand + "\",\"timestamp\":" + later(1) + "}}",
                "{\"type\":\"" + SinkFixtures.GROUP + "brand-registration.brand-registered\",\"id\":\"EVbn2\",\"data\":{"
                        + "\"accountsid\":\"" + t.a1.sid + "\",\"brandsid\":\"BN" + "0".repeat(32) + "\",\"timestamp\":" + later(1) + "}}"));
        sinks.awaitProcessed(sink);

        assertEquals(List.of("FAILED 30896"), sinks.rows("select status || ' ' || error_code from campaign where console_sid = ?",
                campaign));
        assertEquals(List.of("FAILED"), sinks.rows("select status from brand where sid = ?", brand));
        assertEquals(List.of("EVbn1 APPLIED", "EVbn2 IGNORED", "EVcm0 UNCHANGED", "EVcm1 APPLIED"), sinks.rows("select event_id "
                + "|| ' ' || outcome from event_received where root_account_id = ? order by event_id", t.a.id));

        // (the campaign was verified already: the approval, observed before the failure, changed nothing)
        // an approval observed before the failure, delivered after it
        sinks.postBasic(sink, sink.user(), sink.password(), batch(
                "{\"type\":\"" + SinkFixtures.GROUP + "campaign-registration.campaign-approved\",\"id\":\"EVcm2\",\"data\":{"
                        + "\"accountsid\":\"" + t.a1.sid + "\",\"campaignsid\":\"" + campaign + "\",\"timestamp\":" + later(1) + "}}"));
        sinks.awaitProcessed(sink);
        assertEquals(List.of("FAILED 30896"), sinks.rows("select status || ' ' || error_code from campaign where console_sid = ?",
                campaign));
        assertEquals(List.of("SUPERSEDED"), sinks.rows("select outcome from event_received where root_account_id = ? "
                + "and event_id = 'EVcm2'", t.a.id));
    }

    @Test
    void aBatchOfAThousandEventsIsAppliedWhole() {
        TwoTenants t = tenants();
        TestSink sink = sinks.sink(t.a);
        sinks.token(t.a2, TOKEN_A1);
        List<String> events = new ArrayList<>();
        long at = later(1);
        for (int i = 0; i < 1000; i++) {
            events.add(numberEvent("EVk" + i, "number-registration.successful", String.format("+1999777%04d", i), t.a2.sid, at, null));
        }

        assertEquals(202, sinks.postSigned(sink, TOKEN_A1, batch(events.toArray(String[]::new))).statusCode());
        sinks.awaitProcessed(sink);

        assertEquals(List.of("1000 1000"), sinks.rows("select count(*) || ' ' || count(distinct h.source_ref) from number_status_history h "
                + "join phone_number n on n.id = h.phone_number_id where n.root_account_id = ? and h.source = 'EVENT' "
                + "and n.e164 like '+1999777%'", t.a.id));
        assertEquals(List.of("1000 REGISTERED"), sinks.rows("select count(*) || ' ' || min(status) from phone_number "
                + "where account_id = ? and e164 like '+1999777%' and status = 'REGISTERED' and status_source = 'EVENT'", t.a2.id));
        assertEquals(List.of("1000 0"), sinks.rows("select events || ' ' || problems from event_delivery where sink_id = ?", sink.id()));
    }
}
