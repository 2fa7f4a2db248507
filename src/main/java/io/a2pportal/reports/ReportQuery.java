package io.a2pportal.reports;

import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.troubleshooting.DiagnosisColumns;
import io.a2pportal.troubleshooting.FactsQuery;

import java.util.List;
import java.util.stream.Collectors;

import io.a2pportal.numbers.RegistrationStatus;

/**
 * The report's rows as SQL, following the report rules: the campaign SID is the Console's CM... SID
 * and blank without a campaign; the messaging service SID is blank until the service's campaign is
 * verified. COPY takes no bind parameters, so the statement carries its values inline: they are
 * only account ids (numbers) and status names taken from the enum, never text from a request.
 */
final class ReportQuery {

    static final String HEADER = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status";

    static final String DIAGNOSIS_HEADER = HEADER + "," + String.join(",", DiagnosisColumns.HEADERS);

    private final long rootId;
    private final Long accountId;
    private final List<RegistrationStatus> statuses;
    final boolean includeDiagnosis;

    ReportQuery(long rootId, Long accountId, List<RegistrationStatus> statuses) {
        this(rootId, accountId, statuses, false);
    }

    ReportQuery(long rootId, Long accountId, List<RegistrationStatus> statuses, boolean includeDiagnosis) {
        this.rootId = rootId;
        this.accountId = accountId;
        this.statuses = List.copyOf(statuses);
        this.includeDiagnosis = includeDiagnosis;
    }

    static ReportQuery of(Report report) {
        return new ReportQuery(report.rootAccount.id, report.account == null ? null : report.account.id,
                report.statusList(), report.includeDiagnosis);
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
        return """
                select a.sid, c.console_sid, case when c.status = 'VERIFIED' then s.sid end, n.e164, n.status
                from phone_number n
                join account a on a.id = n.account_id
                left join messaging_service s on s.id = n.messaging_service_id
                left join campaign c on c.id = s.campaign_id
                """ + where() + " order by n.e164";
    }

    String count() {
        return "select count(*) from phone_number n" + where();
    }

    /** The rows as CSV without a header; blank cells are SQL nulls, which CSV COPY writes as empty fields. */
    String copy() {
        return "copy (" + select() + ") to stdout with (format csv)";
    }

    private String where() {
        StringBuilder where = new StringBuilder(" where n.root_account_id = ").append(rootId);
        if (accountId != null) {
            where.append(" and n.account_id = ").append(accountId.longValue());
        }
        if (!statuses.isEmpty()) {
            where.append(" and n.status in (")
                    .append(statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(",")))
                    .append(')');
        }
        return where.toString();
    }
}
