package io.a2pportal.api.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.a2pportal.accounts.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Reads and arranges webhook rows where a test needs more than the pages give. */
@ApplicationScoped
class WebhookFixtures {

    @Inject
    EntityManager em;

    @Transactional
    Endpoint endpoint(String url) {
        return Endpoint.find("url", url).firstResult();
    }

    /** The ids of the events made for the endpoint. */
    @Transactional
    List<String> eventIds(long endpointId) {
        return em.createNativeQuery("select event_id from webhook_delivery where endpoint_id = ?1 order by id", String.class)
                .setParameter(1, endpointId).getResultList();
    }

    @Transactional
    boolean reportSeen(long reportId) {
        return (Boolean) em.createNativeQuery("select webhooks_emitted from report where id = ?1").setParameter(1, reportId)
                .getSingleResult();
    }

    /** The phone numbers in the changes of the tree's {@code number.status_changed} events, one per change. */
    @Transactional
    List<String> changedNumbers(long rootAccountId) {
        return em.createNativeQuery("select c ->> 'phone_number' from webhook_event e, "
                + "jsonb_array_elements(cast(e.payload as jsonb) -> 'data' -> 'changes') c "
                + "where e.root_account_id = ?1 and e.type = 'number.status_changed' order by 1", String.class)
                .setParameter(1, rootAccountId).getResultList();
    }

    /** As if the endpoint had failed, and its pending events had been made, this long ago. */
    @Transactional
    void failingFor(long endpointId, Duration ago) {
        Instant then = Instant.now().minus(ago);
        em.createNativeQuery("update webhook_endpoint set failing_since = ?1 where id = ?2").setParameter(1, then)
                .setParameter(2, endpointId).executeUpdate();
        em.createNativeQuery("update webhook_event set created_at = ?1 where id in (select event_id from webhook_delivery "
                + "where endpoint_id = ?2)").setParameter(1, then).setParameter(2, endpointId).executeUpdate();
    }

    /** As if the endpoint's events had been made this long ago. */
    @Transactional
    void eventsMadeAgo(long endpointId, Duration ago) {
        em.createNativeQuery("update webhook_event set created_at = ?1 where id in (select event_id from webhook_delivery "
                + "where endpoint_id = ?2)").setParameter(1, Instant.now().minus(ago)).setParameter(2, endpointId).executeUpdate();
    }

    @Transactional
    List<String> auditActions(long rootAccountId, String actor) {
        return AuditEntry.<AuditEntry> list("rootAccountId = ?1 and actor = ?2 and action like 'webhook.%' order by id",
                rootAccountId, actor).stream().map(e -> e.action + " " + e.actor).toList();
    }
}
