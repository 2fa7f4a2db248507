package io.a2pportal.api.webhooks;

import static io.a2pportal.db.SqlValues.instant;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.jobs.Backoff;
import io.a2pportal.shared.InvalidInputException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

/**
 * Delivers one event to one endpoint, as a db-scheduler job per delivery: a signed POST, retried
 * with a doubling wait ({@code portal.webhooks.retry-first} up to {@code retry-ceiling}) until
 * {@code retry-for} after the event, then failed. Every attempt is logged for the owner. An
 * endpoint with no delivered attempt for {@code retry-for} is disabled and its owners are mailed.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    static final TaskDescriptor<Void> DELIVER = TaskDescriptor.of("deliver-webhook");
    /** The start of a response the log keeps. */
    static final int EXCERPT_BYTES = 500;

    @Inject
    EntityManager em;

    @Inject
    WebhooksConfig config;

    @Inject
    Endpoints endpoints;

    @Inject
    WebhookMails mails;

    private HttpClient client;
    private Backoff<Void> backoff;

    @PostConstruct
    void init() {
        // redirects are not followed: they could lead past the address check
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        backoff = new Backoff<>(config.retryFirst(), config.retryCeiling());
    }

    @Produces
    @Singleton
    Task<Void> deliveryTask() {
        return Tasks.custom(DELIVER)
                // for what goes wrong around the attempt (the database unreachable, say)
                .onFailure(new Backoff<>(config.retryFirst(), config.retryCeiling()))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Instant next = attempt(Long.parseLong(instance.getId()));
                    if (next == null) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) -> operations.reschedule(complete, next);
                });
    }

    /** What one attempt is about. */
    record Target(long deliveryId, int attempts, String eventId, String payload, Instant eventCreated, Endpoint endpoint,
            String secret) {
    }

    /** What came of one attempt: an HTTP status, or the error that kept it from getting one. */
    record Outcome(Integer status, String error, String excerpt) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Makes one attempt; returns when the next is due, or null when there is none. */
    Instant attempt(long deliveryId) {
        Target target = QuarkusTransaction.requiringNew().call(() -> target(deliveryId));
        if (target == null) {
            return null;
        }
        Outcome outcome = post(target);
        return QuarkusTransaction.requiringNew().call(() -> record(target, outcome));
    }

    private Target target(long deliveryId) {
        List<?> rows = em.createNativeQuery("select d.attempts, e.id, e.payload, e.created_at, d.endpoint_id "
                + "from webhook_delivery d join webhook_event e on e.id = d.event_id where d.id = ?1 and d.state = 'PENDING'")
                .setParameter(1, deliveryId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] c = (Object[]) rows.get(0);
        Endpoint endpoint = Endpoint.findById(((Number) c[4]).longValue());
        if (!endpoint.enabled) {
            settle(deliveryId, "FAILED");
            return null;
        }
        return new Target(deliveryId, ((Number) c[0]).intValue(), (String) c[1], (String) c[2], instant(c[3]), endpoint,
                endpoints.secretOf(endpoint));
    }

    Outcome post(Target target) {
        try {
            URI uri = TargetAddress.check(target.endpoint().url, config.allowPrivateAddresses());
            long now = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "A2P-Status-Portal-Webhooks")
                    .header("Webhook-Id", target.eventId())
                    .header("Webhook-Signature", Signature.header(target.secret(), now, target.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(target.payload(), StandardCharsets.UTF_8)).build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                // only the start is read: a receiver's long answer costs neither memory nor the log's space
                String excerpt = new String(body.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8).replace('\0', '\uFFFD');
                return new Outcome(response.statusCode(), null, excerpt);
            }
        } catch (InvalidInputException e) {
            return new Outcome(null, "Not sent: " + e.getMessage(), null);
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(null, "No connection within " + config.timeout().toSeconds() + " s", null);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "No response within " + config.timeout().toSeconds() + " s", null);
        } catch (ConnectException e) {
            return new Outcome(null, "Connection refused or unreachable", null);
        } catch (IOException e) {
            return new Outcome(null, "Connection failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "Interrupted while sending", null);
        }
    }

    private Instant record(Target target, Outcome outcome) {
        Instant now = Instant.now();
        Endpoint endpoint = Endpoint.findById(target.endpoint().id);
        if (endpoint == null) {
            // deleted during the attempt, with its deliveries
            return null;
        }
        Instant next = null;
        if (outcome.delivered()) {
            settle(target.deliveryId(), "DELIVERED");
            endpoint.failingSince = null;
        } else {
            if (endpoint.failingSince == null) {
                endpoint.failingSince = now;
            }
            if (!now.isBefore(target.eventCreated().plus(config.retryFor()))) {
                settle(target.deliveryId(), "FAILED");
            } else {
                next = now.plus(backoff.delay(target.attempts()));
            }
            if (endpoint.enabled && !now.isBefore(endpoint.failingSince.plus(config.retryFor()))) {
                disable(endpoint, outcome);
                next = null;
            }
        }
        em.createNativeQuery("update webhook_delivery set attempts = attempts + 1 where id = ?1")
                .setParameter(1, target.deliveryId()).executeUpdate();
        em.createNativeQuery("insert into webhook_attempt (delivery_id, endpoint_id, at, http_status, error, response_excerpt, "
                + "next_retry_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)").setParameter(1, target.deliveryId())
                .setParameter(2, endpoint.id).setParameter(3, now).setParameter(4, outcome.status())
                .setParameter(5, outcome.error()).setParameter(6, outcome.excerpt()).setParameter(7, next).executeUpdate();
        return next;
    }

    private void settle(long deliveryId, String state) {
        em.createNativeQuery("update webhook_delivery set state = ?1, settled_at = now() where id = ?2")
                .setParameter(1, state).setParameter(2, deliveryId).executeUpdate();
    }

    private void disable(Endpoint endpoint, Outcome last) {
        String lastResult = last.status() != null ? "HTTP " + last.status() : last.error();
        endpoint.enabled = false;
        endpoint.disabledReason = "Disabled by the portal: no delivery succeeded for " + config.retryFor().toHours()
                + " hours (last attempt: " + lastResult + ").";
        em.createNativeQuery("update webhook_delivery set state = 'FAILED', settled_at = now() where endpoint_id = ?1 "
                + "and state = 'PENDING'").setParameter(1, endpoint.id).executeUpdate();
        Endpoints.audit("portal", endpoint, "webhook.disabled", endpoint.disabledReason + " Endpoint: " + endpoint.url);
        mails.disabled(endpoint);
        LOG.warnf("Webhook endpoint %d disabled after failing since %s", endpoint.id, endpoint.failingSince);
    }
}
