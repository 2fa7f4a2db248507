package io.a2pportal.events;

import java.time.Instant;

import io.a2pportal.accounts.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Rows of the sink's tables as the ingest would leave them, for the pages that read them. */
@ApplicationScoped
public class EventFixtures {

    @Inject
    EntityManager em;

    /** A stored delivery of the sink; returns its id. */
    @Transactional
    public long delivery(String sinkId, Instant receivedAt) {
        return ((Number) em.createNativeQuery("insert into event_delivery (sink_id, received_at, authenticated_by, body, "
                + "processed_at) values (?1, ?2, 'SIGNATURE', ?3, ?2) returning id").setParameter(1, sinkId)
                .setParameter(2, receivedAt).setParameter(3, "[]".getBytes()).getSingleResult()).longValue();
    }

    @Transactional
    public void received(Account account, long deliveryId, String eventId, String type, Instant receivedAt) {
        em.createNativeQuery("insert into event_received (root_account_id, event_id, delivery_id, account_id, type, event_time, "
                + "received_at, outcome) values (?1, ?2, ?3, ?4, ?5, ?6, ?6, 'APPLIED')").setParameter(1, account.rootId)
                .setParameter(2, eventId).setParameter(3, deliveryId).setParameter(4, account.id)
                .setParameter(5, SetupCommands.TYPE_PREFIX + type).setParameter(6, receivedAt).executeUpdate();
    }

    @Transactional
    public void problem(String sinkId, Instant at, String kind, String eventId, String detail) {
        em.createNativeQuery("insert into event_problem (sink_id, at, kind, event_id, detail) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, sinkId).setParameter(2, at).setParameter(3, kind).setParameter(4, eventId)
                .setParameter(5, detail).executeUpdate();
    }

    @Transactional
    public void refused(String sinkId, long count, Instant last) {
        em.createNativeQuery("update event_sink set refused = ?1, last_refused_at = ?2 where id = ?3").setParameter(1, count)
                .setParameter(2, last).setParameter(3, sinkId).executeUpdate();
    }

    @Transactional
    public String passwordHash(String sinkId) {
        return (String) em.createNativeQuery("select basic_password_hash from event_sink where id = ?1").setParameter(1, sinkId)
                .getSingleResult();
    }

    /** The sealed bytes kept for an account's token. */
    @Transactional
    public byte[] sealedToken(Account account) {
        return (byte[]) em.createNativeQuery("select sealed from account_auth_token where account_id = ?1")
                .setParameter(1, account.id).getSingleResult();
    }

    /** The same bytes as any text column could hold them, to search the whole row for the token. */
    @Transactional
    public String tokenRowAsText(Account account) {
        return (String) em.createNativeQuery("select t::text from account_auth_token t where account_id = ?1")
                .setParameter(1, account.id).getSingleResult();
    }

    @Transactional
    public String openToken(EventSinks sinks, Account account) {
        return sinks.openToken(account.id).orElse(null);
    }
}
