package io.a2pportal.troubleshooting;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Counts what the advisor finds in a whole scope, for {@link Diagnoses#counts}, which keeps the
 * result. A request context of its own lets it count again in the background.
 */
@ApplicationScoped
class ScopeCounter {

    @Inject
    EntityManager em;

    @Inject
    Advisor advisor;

    /**
     * The scope's numbers in total, per rule and, per account SID, in total, needing action and
     * waiting ({@code long[3]}), and needing action per status.
     */
    record ScopeCounts(long total, Map<Rule, Long> byRule, Map<String, long[]> byAccount,
            Map<String, Map<RegistrationStatus, Long>> needingAction) {
    }

    /**
     * Every number of a group of {@link FactsQuery#groupsInScope} gets the same diagnoses, so each
     * group is diagnosed once and counted by its size.
     */
    @ActivateRequestContext
    ScopeCounts count(long rootId, Long accountId) {
        FactsQuery query = FactsQuery.groupsInScope(rootId, accountId, advisor.overdueCutoff());
        Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
        Map<String, long[]> byAccount = new HashMap<>();
        Map<String, Map<RegistrationStatus, Long>> needingAction = new HashMap<>();
        long total = 0;
        for (Object row : query.bind(em.createNativeQuery(query.sql())).getResultList()) {
            Object[] cells = (Object[]) row;
            NumberFacts facts = FactsQuery.toFacts(cells);
            long size = FactsQuery.groupSize(cells);
            total += size;
            List<Diagnosis> found = advisor.diagnose(facts);
            found.forEach(d -> byRule.merge(d.rule(), size, Long::sum));
            long[] counts = byAccount.computeIfAbsent(facts.accountSid(), k -> new long[3]);
            counts[0] += size;
            Severity worst = found.isEmpty() ? Severity.FINE : found.get(0).severity();
            if (worst == Severity.ACT) {
                counts[1] += size;
                needingAction.computeIfAbsent(facts.accountSid(), k -> new EnumMap<>(RegistrationStatus.class))
                        .merge(facts.status(), size, Long::sum);
            } else if (worst == Severity.WAIT) {
                counts[2] += size;
            }
        }
        return new ScopeCounts(total, byRule, byAccount, needingAction);
    }
}
