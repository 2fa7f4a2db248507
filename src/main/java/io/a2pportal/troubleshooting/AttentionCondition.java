package io.a2pportal.troubleshooting;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * "Needs attention" as a SQL condition on a phone_number row aliased {@code n}: true exactly when the
 * advisor finds at least one {@link Severity#ACT} diagnosis. Each branch is one of the rules that can
 * act (the exclusions between those rules do not matter here, since any of them is enough).
 * <p>
 * The services each branch needs are read once per statement by uncorrelated subqueries over the
 * account tree's services, which PostgreSQL keeps as hash tables; a number then costs a few hash
 * probes (a service's pool size is read from the trigger-kept service_number_count). The condition
 * names no other table of the statement, so the keyset page still walks the (tree, number) or
 * (account, number) index in order and stops at the page's last row. It assumes,
 * as the portal's data does, that a number's messaging service belongs to an account of the
 * number's own tree.
 * <p>
 * AttentionConditionTest checks it against {@link Advisor}.
 */
public final class AttentionCondition {

    private static final String TREE_SERVICES = """
            select s0.id from messaging_service s0
            join account a0 on a0.id = s0.account_id
            left join campaign c0 on c0.id = s0.campaign_id
            left join brand b0 on b0.id = c0.brand_id
            where a0.root_id = ? and\s""";

    /** Takes the values of {@link #parameters(long, Instant)}, in that order. */
    public static final String SQL = """
            (n.status = 'FAILURE'
             or (n.status = 'UNREGISTERED' and (n.messaging_service_id is null or n.messaging_service_id in (
                    %1$sc0.id is null)))
             or n.messaging_service_id in (
                    %1$s(c0.status in ('FAILED', 'SUSPENDED')
                         or b0.status in ('FAILED', 'SUSPENDED', 'DELETION_PENDING', 'DELETION_FAILED')))
             or (n.status in ('UNREGISTERED', 'PENDING_REGISTRATION') and %2$s
                 and n.messaging_service_id in (%1$sc0.status = 'VERIFIED'))
             or (n.status = 'UNREGISTERED' and n.messaging_service_id in (
                    %1$sc0.status = 'VERIFIED' and c0.brand_type = 'SOLE_PROPRIETOR'
                    and (select k.count from service_number_count k where k.messaging_service_id = s0.id) > 1))
             or n.messaging_service_id in (
                    %1$s(select k.count from service_number_count k where k.messaging_service_id = s0.id) > %3$d))"""
            .formatted(TREE_SERVICES, Overdue.SQL, Advisor.POOL_LIMIT);

    private AttentionCondition() {
    }

    /** The condition's values: the account tree, and the moment from which a wait is overdue. */
    public static List<Object> parameters(long rootId, Instant overdueCutoff) {
        List<Object> values = new ArrayList<>(List.of(rootId, rootId));
        values.addAll(Overdue.parameters(overdueCutoff));
        values.addAll(List.of(rootId, rootId, rootId));
        return values;
    }

    /**
     * {@link Advisor#waitingSince} at or before the cutoff, as SQL on {@code n}: both the join and
     * the status change are, and the join is known (a null join compares as unknown, never true).
     */
    static final class Overdue {
        static final String SQL = "(n.joined_service_at <= ? and n.status_changed_at <= ?)";

        static List<Object> parameters(Instant overdueCutoff) {
            Timestamp cutoff = Timestamp.from(overdueCutoff);
            return List.of(cutoff, cutoff);
        }

        private Overdue() {
        }
    }
}
