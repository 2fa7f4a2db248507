package io.a2pportal.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.NumberFilter;
import io.a2pportal.numbers.NumberInventory;
import io.a2pportal.numbers.NumberPage;
import io.a2pportal.numbers.NumberRow;
import io.a2pportal.troubleshooting.Diagnoses;
import io.a2pportal.troubleshooting.FactsQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * How long the Active Numbers page's queries take on a large inventory (default 1,000,000 numbers
 * in one account tree of 101 accounts). Run with {@code bench/pages.sh [numbers]}; prints the median
 * of 15 runs per query and, last, one summary line.
 */
@QuarkusTest
@Tag("benchmark")
class PagesBenchmark {

    private static final int RUNS = 15;

    @Inject
    DataSource dataSource;

    @Inject
    NumberInventory inventory;

    @Inject
    Diagnoses diagnoses;

    @Inject
    EntityManager em;

    @Test
    void activeNumbersQueriesOnALargeInventory() throws Exception {
        int size = Integer.getInteger("bench.numbers", 1_000_000);
        long seedStart = System.nanoTime();
        BenchInventory seeded = BenchInventory.seed(dataSource, size);
        System.out.printf(Locale.ROOT, "seeded %d numbers in %.1f s%n", size, (System.nanoTime() - seedStart) / 1e9);
        try {
            QuarkusTransaction.requiringNew().run(() -> measure(seeded, size));
        } finally {
            BenchInventory.delete(dataSource, seeded.parentId);
        }
    }

    private void measure(BenchInventory seeded, int size) {
        Account parent = Account.findBySid(seeded.parentSid).orElseThrow();
        TenantScope owner = new TenantScope(parent, Role.OWNER, parent.id, null);
        Account sub = Account.findBySid(seeded.subaccountSid).orElseThrow();
        TenantScope member = new TenantScope(sub, Role.MEMBER, parent.id, sub.id);
        String deep = "+1" + (2000000000L + (long) (size * 0.9) + (parent.id % 1000) * 10_000_000L);

        double first = median("first page, whole tree", () -> page(owner, null, null, null, null, null));
        double deepPage = median("page at 90%, whole tree", () -> page(owner, null, null, null, deep, null));
        double previous = median("previous page at 90%", () -> page(owner, null, null, null, null, deep));
        double status = median("status FAILURE, whole tree", () -> page(owner, "FAILURE", null, null, null, null));
        double subaccount = median("one subaccount (owner filter)", () -> page(owner, null, seeded.subaccountSid, null, null, null));
        double memberPage = median("subaccount member, status REGISTERED",
                () -> page(member, "REGISTERED", null, null, null, null));
        double search = median("search digits 5550", () -> page(owner, null, null, "5550", null, null));
        double counts = median("counts per status, whole tree",
                () -> inventory.countByStatus(owner, NumberFilter.parse(owner, null, null, null, null, null)));
        double subCounts = median("counts per status, one subaccount",
                () -> inventory.countByStatus(member, NumberFilter.parse(member, null, null, null, null, null)));
        System.out.printf(Locale.ROOT,
                "pages numbers=%d first_ms=%.1f deep_ms=%.1f prev_ms=%.1f status_ms=%.1f subaccount_ms=%.1f member_ms=%.1f "
                        + "search_ms=%.1f counts_ms=%.1f sub_counts_ms=%.1f%n",
                size, first, deepPage, previous, status, subaccount, memberPage, search, counts, subCounts);
        measureAdvisor(seeded, size, owner, member, deep);
    }

    /** The troubleshooting reads: the needs-attention filter, a page's diagnoses, the summary, the export's facts. */
    private void measureAdvisor(BenchInventory seeded, int size, TenantScope owner, TenantScope member, String deep) {
        double first = median("needs attention, first page", () -> attention(owner, null, null, null));
        double deepPage = median("needs attention, page at 90%", () -> attention(owner, null, deep, null));
        double previous = median("needs attention, previous at 90%", () -> attention(owner, null, null, deep));
        double memberPage = median("needs attention, subaccount member", () -> attention(member, null, null, null));
        double none = median("needs attention + REGISTERED (no match)", () -> attention(owner, "REGISTERED", null, null));
        double counts = median("counts per status, needs attention",
                () -> inventory.countByStatus(owner, NumberFilter.parse(owner, null, null, null, "1", null, null)));
        List<String> pageNumbers = page(owner, null, null, null, deep, null).rows().stream().map(NumberRow::e164).toList();
        double advice = median("diagnoses of one page (50 numbers)", () -> diagnoses.mostSevere(owner.rootId(), pageNumbers));
        double summary = median("troubleshooting summary, whole tree", () -> diagnoses.summarize(owner));
        double memberSummary = median("troubleshooting summary, one subaccount", () -> diagnoses.summarize(member));
        double facts = once("facts of every number, streamed", () -> streamFacts(owner));
        System.out.printf(Locale.ROOT,
                "advisor numbers=%d attention_first_ms=%.1f attention_deep_ms=%.1f attention_prev_ms=%.1f "
                        + "attention_member_ms=%.1f attention_no_match_ms=%.1f attention_counts_ms=%.1f page_advice_ms=%.1f "
                        + "summary_ms=%.1f sub_summary_ms=%.1f facts_stream_ms=%.1f%n",
                size, first, deepPage, previous, memberPage, none, counts, advice, summary, memberSummary, facts);
    }

    private NumberPage attention(TenantScope scope, String status, String after, String before) {
        return inventory.page(scope, NumberFilter.parse(scope, status, null, null, "1", after, before), 50);
    }

    private long streamFacts(TenantScope scope) {
        FactsQuery query = FactsQuery.inScope(scope, null);
        try (var rows = query.bind(em.createNativeQuery(query.sql())).setHint("org.hibernate.fetchSize", 1000)
                .getResultStream()) {
            return rows.map(row -> FactsQuery.toFacts((Object[]) row)).count();
        }
    }

    private NumberPage page(TenantScope scope, String status, String account, String q, String after, String before) {
        return inventory.page(scope, NumberFilter.parse(scope, status, account, q, after, before), 50);
    }

    private static double once(String label, Supplier<?> query) {
        long start = System.nanoTime();
        query.get();
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf(Locale.ROOT, "  %-40s once   %8.1f ms%n", label, ms);
        return ms;
    }

    private static double median(String label, Supplier<?> query) {
        query.get();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            query.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        double median = times.get(RUNS / 2);
        System.out.printf(Locale.ROOT, "  %-40s median %8.1f ms  (min %.1f, max %.1f)%n", label, median, times.get(0),
                times.get(RUNS - 1));
        return median;
    }
}
