package io.a2pportal.troubleshooting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Runs the advisor over numbers read from the database: a page of them, or a whole scope in summary. */
@ApplicationScoped
public class Diagnoses {

    @Inject
    EntityManager em;

    @Inject
    Advisor advisor;

    /** The diagnoses of each of these numbers of one tree (already checked against the scope), by E.164 form. */
    public Map<String, List<Diagnosis>> of(long rootId, Collection<String> e164s) {
        Map<String, List<Diagnosis>> result = new HashMap<>();
        if (e164s.isEmpty()) {
            return result;
        }
        FactsQuery query = FactsQuery.forNumbers(rootId, e164s);
        for (Object row : query.bind(em.createNativeQuery(query.sql())).getResultList()) {
            NumberFacts facts = FactsQuery.toFacts((Object[]) row);
            result.put(facts.e164(), advisor.diagnose(facts));
        }
        return result;
    }

    /** The most severe diagnosis of each number that has one, by E.164 form. */
    public Map<String, Diagnosis> mostSevere(long rootId, Collection<String> e164s) {
        Map<String, Diagnosis> result = new HashMap<>();
        of(rootId, e164s).forEach((e164, found) -> {
            if (!found.isEmpty()) {
                result.put(e164, found.get(0));
            }
        });
        return result;
    }

    /**
     * Numbers per rule and, per account, numbers that need action or are waiting. Every number of a
     * group of {@link FactsQuery#groupsInScope} gets the same diagnoses, so each group is diagnosed
     * once and counted by its size.
     */
    public Summary summarize(TenantScope scope) {
        FactsQuery query = FactsQuery.groupsInScope(scope, advisor.overdueCutoff());
        Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
        Map<String, long[]> byAccount = new HashMap<>();
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
            } else if (worst == Severity.WAIT) {
                counts[2] += size;
            }
        }
        List<Summary.RuleCount> rules = new ArrayList<>();
        byRule.forEach((rule, count) -> rules.add(new Summary.RuleCount(rule, count)));

        Map<String, Summary.AccountCount> accounts = new LinkedHashMap<>();
        for (Account account : Account.inScope(scope)) {
            long[] counts = byAccount.getOrDefault(account.sid, new long[3]);
            accounts.put(account.sid, new Summary.AccountCount(account, counts[0], counts[1], counts[2]));
        }
        List<Summary.AccountCount> worstFirst = new ArrayList<>(accounts.values());
        worstFirst.sort(Comparator.comparingLong(Summary.AccountCount::needAction).reversed()
                .thenComparing(Comparator.comparingLong(Summary.AccountCount::waiting).reversed())
                .thenComparing(a -> a.account().name));
        long act = worstFirst.stream().mapToLong(Summary.AccountCount::needAction).sum();
        long waiting = worstFirst.stream().mapToLong(Summary.AccountCount::waiting).sum();
        return new Summary(total, act, waiting, rules, worstFirst);
    }
}
