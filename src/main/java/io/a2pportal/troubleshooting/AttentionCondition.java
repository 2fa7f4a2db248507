package io.a2pportal.troubleshooting;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * "Needs attention" as a SQL condition on a phone_number row aliased {@code n}: true exactly when the
 * advisor finds at least one {@link Severity#ACT} diagnosis. It names no other table of the query, so
 * it fits any statement over phone_number, and the keyset page still walks the (tree, number) index
 * and stops at the page's last row.
 * <p>
 * Each branch is one of the rules that can act; the exclusions between those rules do not matter
 * here, since any of them is enough. AttentionConditionTest checks it against {@link Advisor}.
 */
public final class AttentionCondition {

    /** Takes one parameter: {@link #parameter(Instant)} of the overdue cutoff. */
    public static final String SQL = """
            (n.status = 'FAILURE'
             or (n.status = 'UNREGISTERED' and not exists (
                    select 1 from messaging_service s0 join campaign c0 on c0.id = s0.campaign_id
                    where s0.id = n.messaging_service_id))
             or exists (
                    select 1 from messaging_service s0
                    join campaign c0 on c0.id = s0.campaign_id
                    join brand b0 on b0.id = c0.brand_id
                    where s0.id = n.messaging_service_id
                      and (c0.status in ('FAILED', 'SUSPENDED')
                           or b0.status in ('FAILED', 'SUSPENDED', 'DELETION_PENDING', 'DELETION_FAILED')
                           or (c0.status = 'VERIFIED' and n.status in ('UNREGISTERED', 'PENDING_REGISTRATION')
                               and n.joined_service_at <= ?)
                           or (c0.status = 'VERIFIED' and n.status = 'UNREGISTERED' and c0.brand_type = 'SOLE_PROPRIETOR'
                               and exists (select 1 from phone_number m
                                           where m.messaging_service_id = n.messaging_service_id and m.id <> n.id)))))""";

    private AttentionCondition() {
    }

    /** The value of the condition's one parameter: from this moment back, a join is overdue. */
    public static Object parameter(Instant overdueCutoff) {
        return Timestamp.from(overdueCutoff);
    }
}
