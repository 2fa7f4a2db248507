package io.a2pportal.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.InvalidInputException;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/**
 * Dev mode's stand-in for the vendor: sends the tree's sink a signed batch of number events for
 * each of two subaccounts that have an auth token, as Event Streams would, so that a newcomer sees
 * statuses change live. Each event moves a number one step along (unregistered to pending, pending
 * to registered, one in three to failed instead, registered to deregistering...). The batches go
 * to the port this instance listens on and are sent in the background: the button returns at once.
 */
@ApplicationScoped
public class VendorSimulator {

    private static final Logger LOG = Logger.getLogger(VendorSimulator.class);
    static final int NUMBERS_PER_ACCOUNT = 5;
    static final String SOURCE = "/v1/Accounts/%s/A2P/PhoneNumbers";

    @Inject
    EventsConfig config;

    @Inject
    EntityManager em;

    @Inject
    EventSinks sinks;

    @Inject
    HttpServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A number as the vendor would report it. */
    public record SimulatedNumber(String e164, String sid, String accountSid, String status, String campaignSid,
            String serviceSid) {
    }

    /** A batch ready to send: the URL the vendor calls (with the body's hash), the body, its signature. */
    public record Batch(String url, byte[] body, String signature, int events) {
    }

    /** Dev mode only (tests may switch it on). */
    public boolean enabled() {
        return LaunchMode.current() == LaunchMode.DEVELOPMENT || config.simulator().enabled();
    }

    /**
     * Sends one batch for each of (at most) two subaccounts of the scope's tree that have an auth
     * token; returns how many events were sent. The whole tree's owner only.
     */
    @Transactional
    public int send(TenantScope scope) {
        if (!enabled() || !scope.isOwner() || !scope.isWholeTree()) {
            throw new NotFoundException();
        }
        EventSinks.Sink sink = sinks.sinkOfTree(scope.rootId()).orElseThrow(
                () -> new InvalidInputException("Create the sink first."));
        List<?> accounts = em.createNativeQuery("select a.id from account a join account_auth_token t on t.account_id = a.id "
                + "where a.root_id = ?1 and a.parent_id is not null order by a.name limit 2").setParameter(1, scope.rootId())
                .getResultList();
        if (accounts.isEmpty()) {
            throw new InvalidInputException(
                    "Set the auth token of at least one subaccount first: the simulator signs with it.");
        }
        int sent = 0;
        for (Object id : accounts) {
            long accountId = ((Number) id).longValue();
            List<SimulatedNumber> numbers = numbersOf(accountId);
            if (numbers.isEmpty()) {
                continue;
            }
            Batch batch = batch(sinks.url(sink), sinks.openToken(accountId).orElseThrow(), numbers, Instant.now());
            post(batch);
            sent += batch.events();
        }
        return sent;
    }

    /** A few numbers of the account, those still on their way first. */
    private List<SimulatedNumber> numbersOf(long accountId) {
        List<SimulatedNumber> numbers = new ArrayList<>();
        for (Object row : em.createNativeQuery("""
                select n.e164, n.sid, a.sid, n.status, coalesce(n.reported_campaign_sid, c.console_sid),
                       coalesce(n.reported_service_sid, s.sid)
                from phone_number n join account a on a.id = n.account_id
                left join messaging_service s on s.id = n.messaging_service_id
                left join campaign c on c.id = s.campaign_id
                where n.account_id = ?1
                order by case when n.status = 'REGISTERED' then 1 else 0 end, random() limit ?2""")
                .setParameter(1, accountId).setParameter(2, NUMBERS_PER_ACCOUNT).getResultList()) {
            Object[] c = (Object[]) row;
            numbers.add(new SimulatedNumber((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4],
                    (String) c[5]));
        }
        return numbers;
    }

    /**
     * The batch the vendor would send for these numbers: a JSON array of CloudEvents 1.0, the
     * sink's URL with the body's hash, and the signature of that URL under the account's auth token.
     */
    public static Batch batch(String sinkUrl, String authToken, List<SimulatedNumber> numbers, Instant now) {
        JsonArray events = new JsonArray();
        for (int i = 0; i < numbers.size(); i++) {
            SimulatedNumber n = numbers.get(i);
            Step step = Step.after(n.status(), i);
            long millis = now.toEpochMilli();
            JsonObject data = new JsonObject()
                    .put("id", UUID.randomUUID().toString())
                    .put("phonenumber", n.e164())
                    .put("phonenumbersid", n.sid())
                    .put("accountsid", n.accountSid())
                    .put("campaignsid", n.campaignSid())
                    .put("messagingservicesid", n.serviceSid())
                    .put("externalstatus", step.externalStatus)
                    .put("failurereason", step.failureReason)
                    .put("timestamp", millis)
                    .put("updateddate", millis);
            events.add(new JsonObject()
                    .put("specversion", "1.0")
                    .put("type", SetupCommands.TYPE_PREFIX + step.type)
                    .put("source", SOURCE.formatted(n.accountSid()))
                    .put("id", UUID.randomUUID().toString())
                    .put("dataschema", "https://events-schemas.twilio.com/" + step.schema + "/2")
                    .put("time", now.toString())
                    .put("data", data));
        }
        byte[] body = events.encode().getBytes(StandardCharsets.UTF_8);
        String url = VendorSignature.urlFor(sinkUrl, body);
        return new Batch(url, body, VendorSignature.sign(authToken, url), events.size());
    }

    /** Posts the batch to this instance, in the background; the outcome goes to the log. */
    private void post(Batch batch) {
        URI signed = URI.create(batch.url());
        URI local = URI.create("http://127.0.0.1:" + server.getPort() + signed.getRawPath() + "?" + signed.getRawQuery());
        HttpRequest request = HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header(VendorSignature.HEADER, batch.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warnf("The simulated batch of %d events was not delivered: %s", batch.events(), failure.toString());
            } else if (response.statusCode() / 100 != 2) {
                LOG.warnf("The sink answered the simulated batch of %d events with HTTP %d", batch.events(), response.statusCode());
            } else {
                LOG.infof("The sink acknowledged the simulated batch of %d events (HTTP %d)", batch.events(), response.statusCode());
            }
        });
    }

    /** The event that moves a number in this status one step along; every third pending number fails. */
    private enum Step {
        PENDING("number-registration.pending", "A2P.NumberRegistrationPending", "PENDING", null),
        SUCCESSFUL("number-registration.successful", "A2P.NumberRegistrationSuccessful", "SUCCESSFUL", null),
        FAILED("number-registration.failed", "A2P.NumberRegistrationFailed", "FAILED",
                "The carrier rejected the number's registration: the campaign's messaging service is not linked to it (simulated)"),
        DEREGISTRATION_PENDING("number-deregistration.pending", "A2P.NumberDeregistrationPending", "PENDING", null),
        DEREGISTRATION_SUCCESSFUL("number-deregistration.successful", "A2P.NumberDeregistrationSuccessful", "SUCCESSFUL", null);

        final String type;
        final String schema;
        final String externalStatus;
        final String failureReason;

        Step(String type, String schema, String externalStatus, String failureReason) {
            this.type = type;
            this.schema = schema;
            this.externalStatus = externalStatus;
            this.failureReason = failureReason;
        }

        static Step after(String status, int position) {
            return switch (status) {
                case "PENDING_REGISTRATION" -> position % 3 == 2 ? FAILED : SUCCESSFUL;
                case "REGISTERED" -> DEREGISTRATION_PENDING;
                case "PENDING_DEREGISTRATION" -> DEREGISTRATION_SUCCESSFUL;
                default -> PENDING;
            };
        }
    }
}
