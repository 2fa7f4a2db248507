package io.a2pportal.troubleshooting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.troubleshooting.ScopeCounter.ScopeCounts;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
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

    @Inject
    ScopeCounter counter;

    @ConfigProperty(name = "portal.troubleshooting.counts-refresh", defaultValue = "PT10M")
    Duration refresh;

    private AsyncLoadingCache<CountsKey, ScopeCounts> kept;

    /**
     * Counts are made on the worker pool, each in a request context of its own (so that a count
     * again in the background does not depend on the page that asked for it), and waited for by
     * the page that found none.
     */
    @PostConstruct
    void keep() {
        kept = Caffeine.newBuilder().refreshAfterWrite(refresh).expireAfterAccess(Duration.ofMinutes(10)).maximumSize(10_000)
                .executor(Infrastructure.getDefaultWorkerPool())
                .buildAsync(key -> counter.count(key.rootId(), key.accountId()));
    }

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
     * Numbers per rule and, per account, numbers that need action or are waiting. The counts come
     * from {@link #counts}; the accounts are read as they are now, so a new subaccount shows at once.
     */
    public Summary summarize(TenantScope scope) {
        ScopeCounts counts = counts(scope);
        List<Summary.RuleCount> rules = new ArrayList<>();
        counts.byRule().forEach((rule, count) -> rules.add(new Summary.RuleCount(rule, count)));

        Map<String, Summary.AccountCount> accounts = new LinkedHashMap<>();
        for (Account account : Account.inScope(scope)) {
            long[] perAccount = counts.byAccount().getOrDefault(account.sid, new long[3]);
            accounts.put(account.sid, new Summary.AccountCount(account, perAccount[0], perAccount[1], perAccount[2]));
        }
        List<Summary.AccountCount> worstFirst = new ArrayList<>(accounts.values());
        worstFirst.sort(Comparator.comparingLong(Summary.AccountCount::needAction).reversed()
                .thenComparing(Comparator.comparingLong(Summary.AccountCount::waiting).reversed())
                .thenComparing(a -> a.account().name));
        long act = worstFirst.stream().mapToLong(Summary.AccountCount::needAction).sum();
        long waiting = worstFirst.stream().mapToLong(Summary.AccountCount::waiting).sum();
        return new Summary(counts.total(), act, waiting, rules, worstFirst);
    }

    /**
     * The numbers that need attention per status, in the scope or in one account of it (by SID, or
     * null for the whole scope), counted as {@link #counts} counts them: the same numbers as
     * {@link AttentionCondition} selects.
     */
    public Map<RegistrationStatus, Long> needingAction(TenantScope scope, String accountSid) {
        Map<RegistrationStatus, Long> result = new EnumMap<>(RegistrationStatus.class);
        counts(scope).needingAction().forEach((sid, byStatus) -> {
            if (accountSid == null || accountSid.equals(sid)) {
                byStatus.forEach((status, count) -> result.merge(status, count, Long::sum));
            }
        });
        return result;
    }

    /**
     * What the advisor finds in a whole scope. Counting reads every number of the scope (0.4 s at a
     * million), so the counts are kept for the tree's version (V24: moved on by every write of its
     * numbers, brands, campaigns and services): a page asked for again while nothing changed costs
     * one lookup of the version, and the page after a change counts again. Counts older than
     * {@code portal.troubleshooting.counts-refresh} are still served once while they are counted
     * again in the background, so the overdue clock moves on without a page waiting for it. The
     * key holds the scope, so counts never cross from one tenant to another.
     */
    ScopeCounts counts(TenantScope scope) {
        Object version = em.createNativeQuery("select coalesce((select version from tree_version where root_id = ?1), 0)")
                .setParameter(1, scope.rootId()).getSingleResult();
        return kept.get(new CountsKey(scope.rootId(), scope.accountId(), ((Number) version).longValue())).join();
    }

    record CountsKey(long rootId, Long accountId, long treeVersion) {
    }
}
