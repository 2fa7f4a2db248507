package io.a2pportal.events;

import static io.a2pportal.db.SqlValues.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.a2pportal.accounts.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * What the sink received, as the Live updates page reads it: each account's last event and its
 * events per type over the last 24 hours (event_received), and the latest refused or problematic
 * deliveries (event_problem). Every read is bounded: by the accounts of the scope, by a time window
 * on the index by tree and time, or by a row limit on the index by sink and time.
 */
@ApplicationScoped
public class DeliveryLog {

    public static final int PROBLEMS_SHOWN = 50;

    @Inject
    EntityManager em;

    /** How many events of one type an account received. */
    public record TypeCount(String type, long count) {

        /** The type without the vendor's common prefix, as the page shows it. */
        public String shortType() {
            return type.startsWith(SetupCommands.TYPE_PREFIX) ? type.substring(SetupCommands.TYPE_PREFIX.length()) : type;
        }
    }

    /** One refused or problematic delivery or event. */
    public record Problem(Instant at, String kind, String eventId, String detail) {

        public String label() {
            return switch (kind) {
                case "REFUSED" -> "Refused";
                case "MALFORMED" -> "Malformed batch";
                case "UNKNOWN_TYPE" -> "Unknown event type";
                case "MISSING_FIELD" -> "Missing field";
                case "FOREIGN_ACCOUNT" -> "Account outside the tree";
                case "FAILED" -> "Could not be processed";
                default -> kind;
            };
        }
    }

    /** The time of each account's last event, by account id (accounts without any are left out). */
    public Map<Long, Instant> lastEvents(TenantScope scope) {
        // one index probe per account (event_received_account_idx), however many events each has
        Query query = bindScope(em.createNativeQuery("select a.id, (select max(r.received_at) from event_received r "
                + "where r.account_id = a.id) from account a where a.root_id = ?1" + accountCondition(scope, "a.id")), scope);
        Map<Long, Instant> last = new HashMap<>();
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            if (c[1] != null) {
                last.put(((Number) c[0]).longValue(), instant(c[1]));
            }
        }
        return last;
    }

    /** Each account's events per type received since the given time, by account id, types in name order. */
    public Map<Long, List<TypeCount>> countsSince(TenantScope scope, Instant since) {
        Query query = em.createNativeQuery("select account_id, type, count(*) from event_received "
                + "where root_account_id = ?1 and received_at >= ?2 and account_id is not null"
                + (scope.accountId() == null ? "" : " and account_id = ?3") + " group by account_id, type order by type")
                .setParameter(1, scope.rootId()).setParameter(2, since);
        if (scope.accountId() != null) {
            query.setParameter(3, scope.accountId());
        }
        Map<Long, List<TypeCount>> counts = new HashMap<>();
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            counts.computeIfAbsent(((Number) c[0]).longValue(), k -> new ArrayList<>())
                    .add(new TypeCount((String) c[1], ((Number) c[2]).longValue()));
        }
        return counts;
    }

    /** How many of a sink's deliveries wait to be applied. */
    public long pending(String sinkId) {
        return ((Number) em.createNativeQuery("select count(*) from event_delivery where sink_id = ?1 and processed_at is null")
                .setParameter(1, sinkId).getSingleResult()).longValue();
    }

    /** The latest problems of a sink, newest first. */
    public List<Problem> problems(String sinkId) {
        List<Problem> problems = new ArrayList<>();
        for (Object row : em.createNativeQuery("select at, kind, event_id, detail from event_problem where sink_id = ?1 "
                + "order by at desc, id desc").setParameter(1, sinkId).setMaxResults(PROBLEMS_SHOWN).getResultList()) {
            Object[] c = (Object[]) row;
            problems.add(new Problem(instant(c[0]), (String) c[1], (String) c[2], (String) c[3]));
        }
        return problems;
    }

    private static String accountCondition(TenantScope scope, String column) {
        return scope.accountId() == null ? "" : " and " + column + " = ?2";
    }

    private static Query bindScope(Query query, TenantScope scope) {
        query.setParameter(1, scope.rootId());
        if (scope.accountId() != null) {
            query.setParameter(2, scope.accountId());
        }
        return query;
    }
}
