package io.a2pportal.api.webhooks;

import static io.a2pportal.db.SqlValues.instant;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** An endpoint's delivery log as its page shows it: the latest attempts, and the deliveries waiting. */
@ApplicationScoped
public class AttemptLog {

    static final int SHOWN = 50;

    @Inject
    EntityManager em;

    /** One attempt: its HTTP status, or the error that kept it from getting one. */
    public record Attempt(Instant at, String eventId, String eventType, Integer status, String error, String excerpt,
            Instant nextRetry, String deliveryState) {

        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    public List<Attempt> latest(Endpoint endpoint) {
        return ((List<?>) em.createNativeQuery("""
                select a.at, e.id, e.type, a.http_status, a.error, a.response_excerpt, a.next_retry_at, d.state
                from webhook_attempt a
                join webhook_delivery d on d.id = a.delivery_id
                join webhook_event e on e.id = d.event_id
                where a.endpoint_id = ?1
                order by a.at desc, a.id desc limit ?2""").setParameter(1, endpoint.id).setParameter(2, SHOWN)
                .getResultList()).stream().map(row -> (Object[]) row)
                .map(c -> new Attempt(instant(c[0]), (String) c[1], (String) c[2], c[3] == null ? null : ((Number) c[3]).intValue(),
                        (String) c[4], (String) c[5], instant(c[6]), (String) c[7]))
                .toList();
    }

    public long waiting(Endpoint endpoint) {
        return ((Number) em.createNativeQuery("select count(*) from webhook_delivery where endpoint_id = ?1 and state = 'PENDING'")
                .setParameter(1, endpoint.id).getSingleResult()).longValue();
    }
}
