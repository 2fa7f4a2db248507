package io.a2pportal.numbers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.db.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * Reads of the number inventory within a scope: keyset pages by phone number (so page 20,000 costs
 * what page 1 costs) and counts per status. Each condition matches one of the phone_number indexes,
 * except "needs attention", which filters the rows the index walk reads (see {@link NumberAdvice#needsAttention}).
 */
@ApplicationScoped
public class NumberInventory {

    private static final String ROW_SELECT = """
            select n.sid, n.e164, n.status, c.console_sid, c.status as campaign_status, s.sid as service_sid,
                   a.sid as account_sid, a.name, a.parent_id is null, b.brand_type, b.low_volume, n.status_changed_at,
                   n.status_observed_at, n.status_source
            from phone_number n
            join account a on a.id = n.account_id
            left join messaging_service s on s.id = n.messaging_service_id
            left join campaign c on c.id = s.campaign_id
            left join brand b on b.id = c.brand_id
            """;

    /** The fewest digits the trigram index of the numbers can look up. */
    private static final int TRIGRAM = 3;

    @Inject
    EntityManager em;

    @Inject
    NumberAdvice advice;

    public NumberPage page(TenantScope scope, NumberFilter filter, int size) {
        Conditions where = conditions(scope, filter);
        boolean backwards = filter.before() != null && filter.after() == null;
        if (filter.after() != null) {
            where.add("n.e164 > ?", filter.after());
        } else if (backwards) {
            where.add("n.e164 < ?", filter.before());
        }
        Query query = where.bind(em.createNativeQuery(ROW_SELECT + where.sql() + " order by n.e164 "
                + (backwards ? "desc" : "asc") + " limit " + (size + 1)));
        List<NumberRow> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            rows.add(toRow((Object[]) row));
        }
        boolean more = rows.size() > size;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (backwards) {
            Collections.reverse(rows);
            return new NumberPage(rows, more, true);
        }
        boolean hasPrevious = filter.after() != null && !rows.isEmpty() && exists(scope, filter, rows.get(0).e164());
        return new NumberPage(rows, hasPrevious, more);
    }

    private boolean exists(TenantScope scope, NumberFilter filter, String before) {
        Conditions where = conditions(scope, filter);
        where.add("n.e164 < ?", before);
        return !where.bind(em.createNativeQuery("select 1 from phone_number n" + where.sql() + " limit 1")).getResultList()
                .isEmpty();
    }

    /** How many numbers the filters match before the given one, for the position of a page reached by a bare cursor. */
    public long countBefore(TenantScope scope, NumberFilter filter, String e164) {
        Conditions where = conditions(scope, filter);
        where.add("n.e164 < ?", e164);
        return ((Number) where.bind(em.createNativeQuery("select count(*) from phone_number n" + where.sql())).getSingleResult())
                .longValue();
    }

    /**
     * The accounts a scope covers, as options of the account filter: the scope's own account first,
     * then its subaccounts by name, the filter's account selected. Plain columns rather than
     * entities: a tree of 500 subaccounts would otherwise load 500 entities for every page.
     */
    public List<AccountChoice> accountChoices(TenantScope scope, NumberFilter filter) {
        Conditions where = new Conditions();
        where.add("a.root_id = ?", scope.rootId());
        if (scope.accountId() != null) {
            where.add("a.id = ?", scope.accountId());
        }
        String selected = filter.account() == null ? null : filter.account().sid;
        List<AccountChoice> choices = new ArrayList<>();
        for (Object row : where.bind(em.createNativeQuery("select a.sid, a.name, a.parent_id is null from account a" + where.sql()
                + " order by a.parent_id is not null, a.name")).getResultList()) {
            Object[] cells = (Object[]) row;
            choices.add(new AccountChoice((String) cells[0], (String) cells[1], (Boolean) cells[2], cells[0].equals(selected)));
        }
        return choices;
    }

    /** Of counts per status (as {@link #countByStatus} gives them), how many numbers the filters match, status included. */
    public static long matching(List<StatusCount> counts, NumberFilter filter) {
        return counts.stream().filter(c -> filter.status() == null || c.status() == filter.status()).mapToLong(StatusCount::count)
                .sum();
    }

    /**
     * Counts per status in the scope, under the subaccount, search and attention filters but not the
     * status filter. Without a search or the attention filter they come from the trigger-maintained
     * account_status_count table; under the attention filter alone, from the advisor's counts of the
     * scope ({@link NumberAdvice#needingAttention}).
     */
    public List<StatusCount> countByStatus(TenantScope scope, NumberFilter filter) {
        Map<RegistrationStatus, Long> counts = new EnumMap<>(RegistrationStatus.class);
        for (RegistrationStatus status : RegistrationStatus.values()) {
            counts.put(status, 0L);
        }
        if (filter.digits() == null && filter.attention()) {
            counts.putAll(advice.needingAttention(scope, filter.account() == null ? null : filter.account().sid));
            return asChart(counts);
        }
        Query query;
        if (filter.digits() == null) {
            Conditions where = new Conditions();
            where.add("c.root_account_id = ?", scope.rootId());
            if (scope.accountId() != null) {
                where.add("c.account_id = ?", scope.accountId());
            }
            if (filter.account() != null) {
                where.add("c.account_id = ?", filter.account().id);
            }
            query = where.bind(em.createNativeQuery("select c.status, sum(c.count) from account_status_count c" + where.sql()
                    + " group by c.status"));
        } else {
            Conditions where = conditions(scope, filter.withoutStatus());
            query = where.bind(em.createNativeQuery("select n.status, count(*) from phone_number n" + where.sql()
                    + " group by n.status"));
        }
        for (Object row : query.getResultList()) {
            Object[] cells = (Object[]) row;
            counts.put(RegistrationStatus.valueOf((String) cells[0]), ((Number) cells[1]).longValue());
        }
        return asChart(counts);
    }

    private static List<StatusCount> asChart(Map<RegistrationStatus, Long> counts) {
        long max = Math.max(1, counts.values().stream().mapToLong(Long::longValue).max().orElse(1));
        List<StatusCount> result = new ArrayList<>();
        counts.forEach((status, count) -> result.add(new StatusCount(status, count, (int) Math.round(100.0 * count / max))));
        return result;
    }

    private Conditions conditions(TenantScope scope, NumberFilter filter) {
        Conditions where = new Conditions();
        where.add("n.root_account_id = ?", scope.rootId());
        if (scope.accountId() != null) {
            where.add("n.account_id = ?", scope.accountId());
        }
        if (filter.account() != null) {
            where.add("n.account_id = ?", filter.account().id);
        }
        if (filter.status() != null) {
            where.add("n.status = ?", filter.status().name());
        }
        if (filter.digits() != null && filter.digits().length() >= TRIGRAM) {
            // the trigram index (V23) finds the numbers containing the digits
            where.add("n.e164 like ?", "%" + filter.digits() + "%");
        } else if (filter.digits() != null) {
            // fewer digits than a trigram: a form the trigram index cannot take, which would read all of it;
            // so many numbers match that the walk of the tree's index finds a page at once
            where.add("strpos(n.e164, ?) > 0", filter.digits());
        }
        if (filter.attention()) {
            NumberAdvice.Condition attention = advice.needsAttention(scope.rootId());
            where.add(attention.sql(), attention.values().toArray());
        }
        return where;
    }

    private static NumberRow toRow(Object[] c) {
        return new NumberRow((String) c[0], (String) c[1], RegistrationStatus.valueOf((String) c[2]), (String) c[3],
                (String) c[4], (String) c[5], (String) c[6], (String) c[7], (Boolean) c[8],
                c[9] == null ? "" : Brand.label(BrandType.valueOf((String) c[9]), (Boolean) c[10]),
                SqlValues.instant(c[11]), SqlValues.instant(c[12]), (String) c[13], null);
    }

    /** A WHERE clause built from fixed SQL fragments, with every value bound as a parameter. */
    private static final class Conditions {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        void add(String clause, Object... clauseValues) {
            clauses.add(clause);
            values.addAll(List.of(clauseValues));
        }

        String sql() {
            return " where " + String.join(" and ", clauses);
        }

        Query bind(Query query) {
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
            return query;
        }
    }
}
