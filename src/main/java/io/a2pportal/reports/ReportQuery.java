package io.a2pportal.reports;

import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.troubleshooting.DiagnosisColumns;
import io.a2pportal.troubleshooting.FactsQuery;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.a2pportal.numbers.RegistrationStatus;

/**
 * The report's rows as SQL, following the report rules: the campaign SID is the Console's CM... SID
 * and blank without a campaign; the messaging service SID is blank until the service's campaign is
 * verified. A what-changed report's rows are the status history's entries of its period instead.
 * COPY takes no bind parameters, so the statement carries its values inline: they are only account
 * ids (numbers), status names taken from the enum and instants printed by {@link Instant#toString()},
 * never text from a request.
 */
final class ReportQuery {

    static final String HEADER = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status";

    static final String DIAGNOSIS_HEADER = HEADER + "," + String.join(",", DiagnosisColumns.HEADERS);

    static final String CHANGES_HEADER = "PhoneNumber,AccountSid,From,To,ChangedAt,ObservedAt,Source";

    /** ISO-8601 in UTC to the second, whatever the session's time zone. */
    private static final String ISO_UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

    private final long rootId;
    private final Long accountId;
    private final List<RegistrationStatus> statuses;
    final boolean includeDiagnosis;
    /** A what-changed report's period; both null for a status report. */
    private final Instant from;
    private final Instant to;

    ReportQuery(long rootId, Long accountId, List<RegistrationStatus> statuses) {
        this(rootId, accountId, statuses, false);
    }

    ReportQuery(long rootId, Long accountId, List<RegistrationStatus> statuses, boolean includeDiagnosis) {
        this(rootId, accountId, statuses, includeDiagnosis, null, null);
    }

    private ReportQuery(long rootId, Long accountId, List<RegistrationStatus> statuses, boolean includeDiagnosis, Instant from,
            Instant to) {
        this.rootId = rootId;
        this.accountId = accountId;
        this.statuses = List.copyOf(statuses);
        this.includeDiagnosis = includeDiagnosis;
        this.from = from;
        this.to = to;
    }

    /** The status changes to one of the statuses (none: any) recorded from {@code from} on and before {@code to}. */
    static ReportQuery changes(long rootId, Long accountId, List<RegistrationStatus> statuses, Instant from, Instant to) {
        return new ReportQuery(rootId, accountId, statuses, false, from, to);
    }

    static ReportQuery of(Report report) {
        Long accountId = report.account == null ? null : report.account.id;
        if (report.isChanges()) {
            return changes(report.rootAccount.id, accountId, report.statusList(), report.periodFrom, report.periodTo);
        }
        return new ReportQuery(report.rootAccount.id, accountId, report.statusList(), report.includeDiagnosis);
    }

    private boolean isChanges() {
        return from != null;
    }

    /** The file's first line. */
    String header() {
        return isChanges() ? CHANGES_HEADER : includeDiagnosis ? DIAGNOSIS_HEADER : HEADER;
    }

    /** The troubleshooting facts of the same numbers, in the same order, for the diagnosis columns. */
    FactsQuery facts() {
        return FactsQuery.inScope(new TenantScope(null, Role.MEMBER, rootId, accountId), null);
    }

    /** Whether a number of the scope belongs in the report, by the chosen statuses. */
    boolean includes(RegistrationStatus status) {
        return statuses.isEmpty() || statuses.contains(status);
    }

    String select() {
        if (isChanges()) {
            // by when the portal recorded each change, so that a period's rows stay the same when an
            // observation dated inside it arrives late; the number must still be the tree's
            return """
                    select n.e164, a.sid, h.old_status, h.new_status,
                           to_char(h.changed_at at time zone 'UTC', %1$s), to_char(h.observed_at at time zone 'UTC', %1$s),
                           h.source
                    from number_status_history h
                    join phone_number n on n.id = h.phone_number_id
                    join account a on a.id = n.account_id
                    """.formatted(ISO_UTC) + changesWhere() + " order by h.changed_at, h.id";
        }
        return """
                select a.sid, c.console_sid, case when c.status = 'VERIFIED' then s.sid end, n.e164, n.status
                from phone_number n
                join account a on a.id = n.account_id
                left join messaging_service s on s.id = n.messaging_service_id
                left join campaign c on c.id = s.campaign_id
                """ + where() + " order by n.e164";
    }

    String count() {
        if (isChanges()) {
            return "select count(*) from number_status_history h join phone_number n on n.id = h.phone_number_id"
                    + changesWhere();
        }
        return "select count(*) from phone_number n" + where();
    }

    /** The rows as CSV without a header; blank cells are SQL nulls, which CSV COPY writes as empty fields. */
    String copy() {
        return "copy (" + select() + ") to stdout with (format csv)";
    }

    private String changesWhere() {
        StringBuilder where = new StringBuilder(" where h.root_account_id = ").append(rootId)
                .append(" and n.root_account_id = ").append(rootId)
                .append(" and h.changed_at >= '").append(from).append("'::timestamptz")
                .append(" and h.changed_at < '").append(to).append("'::timestamptz");
        if (accountId != null) {
            where.append(" and n.account_id = ").append(accountId.longValue());
        }
        if (!statuses.isEmpty()) {
            where.append(" and h.new_status in (").append(statusNames()).append(')');
        }
        return where.toString();
    }

    private String statusNames() {
        return statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
    }

    private String where() {
        StringBuilder where = new StringBuilder(" where n.root_account_id = ").append(rootId);
        if (accountId != null) {
            where.append(" and n.account_id = ").append(accountId.longValue());
        }
        if (!statuses.isEmpty()) {
            where.append(" and n.status in (").append(statusNames()).append(')');
        }
        return where.toString();
    }
}
