package io.a2pportal.troubleshooting;

import static io.a2pportal.db.SqlValues.instant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;
import jakarta.persistence.Query;

/**
 * The {@link NumberFacts} of many numbers in one query. The pool size of each messaging service and
 * the campaign count of each brand come from aggregates computed once per query over just the
 * services involved, then joined to every number, so a row costs the same whether the query reads
 * ten numbers or a whole account tree.
 * <p>
 * Three shapes share the same columns (see {@link #toFacts(Object[])}):
 * <ul>
 * <li>{@link #inScope}: every number of a scope in phone-number order, for a streamed export (bind it
 * to a JDBC statement with a fetch size inside a transaction);</li>
 * <li>{@link #forNumbers}: the numbers of one page, each looking up its service's and brand's counts by key;</li>
 * <li>{@link #groupsInScope}: one row per group of numbers that share every fact the rules read, with
 * the group's size last, for counting diagnoses without reading every number.</li>
 * </ul>
 */
public final class FactsQuery {

    /** Each brand's number of campaigns, for the brands behind the services in question. */
    private static final String BRAND_CAMPAIGNS = """
            brand_campaigns as (
                select k.brand_id, count(*) as campaigns
                from campaign k
                where k.brand_id in (select c.brand_id from campaign c join messaging_service s on s.campaign_id = c.id
                                     where s.id in (select id from services))
                group by k.brand_id
            )
            """;

    private static final String AGGREGATES = """
            with services as (%s),
            service_numbers as (
                select m.messaging_service_id as service_id, count(*) as numbers,
                       min(m.e164) filter (where m.status = 'REGISTERED') as registered_e164
                from phone_number m
                where m.messaging_service_id in (select id from services)
                group by m.messaging_service_id
            ),
            """ + BRAND_CAMPAIGNS;

    /**
     * For a handful of numbers (a page): each row looks up its service's pool size in the
     * trigger-kept service_number_count (V24), its brand's campaign count, and for a Sole Proprietor
     * service only its registered number, each by its key. Aggregates over the services involved,
     * joined back to the rows, made the planner filter every row against every service of the tree
     * (about 5 ms of planning and 5 ms of execution for 50 numbers among 500 services).
     */
    private static final String PAGE_ROWS = """
            select n.sid, n.e164, a.sid, n.status, n.joined_service_at, n.status_changed_at, s.sid,
                   coalesce((select k.count from service_number_count k where k.messaging_service_id = s.id), 0),
                   case when c.brand_type = 'SOLE_PROPRIETOR' then
                       (select min(m.e164) from phone_number m where m.messaging_service_id = s.id and m.status = 'REGISTERED') end,
                   c.sid, c.console_sid, c.status, c.use_case, b.sid, b.brand_type, b.low_volume, b.status,
                   (select count(*) from campaign k where k.brand_id = b.id), n.failure_reason, n.error_code
            from phone_number n
            join account a on a.id = n.account_id
            left join messaging_service s on s.id = n.messaging_service_id
            left join campaign c on c.id = s.campaign_id
            left join brand b on b.id = c.brand_id
            """;

    private static final String CHAIN = """
             from phone_number n
             join account a on a.id = n.account_id
             left join messaging_service s on s.id = n.messaging_service_id
             left join campaign c on c.id = s.campaign_id
             left join brand b on b.id = c.brand_id
             left join service_numbers sn on sn.service_id = s.id
             left join brand_campaigns bc on bc.brand_id = b.id
            """;

    private static final String ROW_COLUMNS = """
            select n.sid, n.e164, a.sid, n.status, n.joined_service_at, n.status_changed_at, s.sid, coalesce(sn.numbers, 0),
                   case when c.brand_type = 'SOLE_PROPRIETOR' then sn.registered_e164 end,
                   c.sid, c.console_sid, c.status, c.use_case, b.sid, b.brand_type, b.low_volume, b.status,
                   coalesce(bc.campaigns, 0), n.failure_reason, n.error_code""";

    /**
     * Groups read phone_number once: the groups themselves give each service's pool size and
     * registered number, since a service's numbers all belong to its account and so to the scope.
     * Columns 0 to 19 as in {@link #ROW_COLUMNS} (no failure reason or error code: they are the
     * number's own, and the rules use them for wording only), then the group's size.
     */
    private static final String GROUPS = """
            with groups as (
                select n.account_id, n.status, n.messaging_service_id, %s as overdue,
                       max(n.joined_service_at) as joined_service_at, max(n.status_changed_at) as status_changed_at,
                       min(n.e164) filter (where n.status = 'REGISTERED') as registered_e164, count(*) as numbers
                from phone_number n%s
                group by 1, 2, 3, 4
            ),
            service_numbers as (
                select messaging_service_id as service_id, sum(numbers) as numbers, min(registered_e164) as registered_e164
                from groups where messaging_service_id is not null group by messaging_service_id
            ),
            brand_campaigns as (
                select k.brand_id, count(*) as campaigns
                from campaign k
                where k.brand_id in (select c.brand_id from campaign c join messaging_service s on s.campaign_id = c.id
                                     where s.id in (select messaging_service_id from groups))
                group by k.brand_id
            )
            select null, null, a.sid, g.status, g.joined_service_at, g.status_changed_at, s.sid, coalesce(sn.numbers, 0),
                   case when c.brand_type = 'SOLE_PROPRIETOR' then sn.registered_e164 end,
                   c.sid, c.console_sid, c.status, c.use_case, b.sid, b.brand_type, b.low_volume, b.status,
                   coalesce(bc.campaigns, 0), null, null, g.numbers
            from groups g
            join account a on a.id = g.account_id
            left join messaging_service s on s.id = g.messaging_service_id
            left join campaign c on c.id = s.campaign_id
            left join brand b on b.id = c.brand_id
            left join service_numbers sn on sn.service_id = s.id
            left join brand_campaigns bc on bc.brand_id = b.id
            """;

    private final String sql;
    private final List<Object> parameters;

    private FactsQuery(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = Collections.unmodifiableList(parameters);
    }

    /** Every number of the scope (or of one account in it), in phone-number order. */
    public static FactsQuery inScope(TenantScope scope, Long accountId) {
        Restriction r = Restriction.of(scope, accountId);
        return new FactsQuery(AGGREGATES.formatted(r.services) + ROW_COLUMNS + CHAIN + r.numbers + " order by n.e164",
                r.parameters());
    }

    /**
     * The numbers of a scope (a tree, or one account of it) grouped so that every number of a group gets the same rules: same
     * account, status and chain, and on the same side of {@code overdueCutoff}. The group's
     * join and status-change times are the latest in it.
     */
    public static FactsQuery groupsInScope(long rootId, Long scopeAccountId, Instant overdueCutoff) {
        Restriction r = Restriction.of(rootId, scopeAccountId, null);
        List<Object> parameters = new ArrayList<>();
        parameters.addAll(AttentionCondition.Overdue.parameters(overdueCutoff));
        parameters.addAll(r.values());
        return new FactsQuery(GROUPS.formatted(AttentionCondition.Overdue.SQL, r.numbers()), parameters);
    }

    /**
     * The numbers of one account tree with these E.164 forms, in phone-number order. Callers have
     * already checked them against a scope.
     */
    public static FactsQuery forNumbers(long rootId, Collection<String> e164s) {
        if (e164s.isEmpty()) {
            throw new IllegalArgumentException("no numbers");
        }
        String marks = String.join(", ", Collections.nCopies(e164s.size(), "?"));
        List<Object> parameters = new ArrayList<>();
        parameters.add(rootId);
        parameters.addAll(e164s);
        return new FactsQuery(PAGE_ROWS + " where n.root_account_id = ? and n.e164 in (" + marks + ") order by n.e164", parameters);
    }

    public String sql() {
        return sql;
    }

    public List<Object> parameters() {
        return parameters;
    }

    public Query bind(Query query) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    public PreparedStatement bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /** The facts of one row; for {@link #groupsInScope} the number's SID and E.164 are null. */
    public static NumberFacts toFacts(Object[] c) {
        return new NumberFacts((String) c[0], (String) c[1], (String) c[2], RegistrationStatus.valueOf((String) c[3]),
                instant(c[4]), instant(c[5]), (String) c[6], ((Number) c[7]).intValue(), (String) c[8], (String) c[9],
                (String) c[10], c[11] == null ? null : CampaignStatus.valueOf((String) c[11]), (String) c[12],
                (String) c[13], c[14] == null ? null : BrandType.valueOf((String) c[14]), Boolean.TRUE.equals(c[15]),
                c[16] == null ? null : BrandStatus.valueOf((String) c[16]), ((Number) c[17]).intValue(), (String) c[18],
                c[19] == null ? null : ((Number) c[19]).intValue());
    }

    /** The facts of the current row of a JDBC result, as when streaming an export. */
    public static NumberFacts toFacts(ResultSet row) throws SQLException {
        Object[] cells = new Object[20];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = row.getObject(i + 1);
        }
        return toFacts(cells);
    }

    /** The size of a group from {@link #groupsInScope}. */
    public static long groupSize(Object[] c) {
        return ((Number) c[20]).longValue();
    }

    /**
     * The services of a scope, and its numbers, restricted by the same values in the same order:
     * the tree, then the scope's subaccount, then a chosen account.
     */
    private record Restriction(String services, String numbers, List<Object> values) {

        static Restriction of(TenantScope scope, Long accountId) {
            return of(scope.rootId(), scope.accountId(), accountId);
        }

        static Restriction of(long rootId, Long scopeAccountId, Long accountId) {
            StringBuilder services = new StringBuilder(
                    "select s.id from messaging_service s join account sa on sa.id = s.account_id where sa.root_id = ?");
            StringBuilder numbers = new StringBuilder(" where n.root_account_id = ?");
            List<Object> values = new ArrayList<>(List.of(rootId));
            for (Long account : new Long[] { scopeAccountId, accountId }) {
                if (account != null) {
                    services.append(" and s.account_id = ?");
                    numbers.append(" and n.account_id = ?");
                    values.add(account);
                }
            }
            return new Restriction(services.toString(), numbers.toString(), values);
        }

        /** The values for the services (they come first in the query), then for the numbers. */
        List<Object> parameters() {
            List<Object> all = new ArrayList<>(values);
            all.addAll(values);
            return all;
        }
    }

}
