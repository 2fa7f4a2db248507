package io.a2pportal.reports;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A requested CSV report: what it covers, who asked, and how far its generation is. Its scope is a
 * whole account tree (no account) or one account of the tree. A status report lists the scope's
 * numbers; a what-changed report the status changes recorded in its period {@code [from, to)}.
 */
@Entity
@Table(name = "report")
public class Report extends PanacheEntityBase {

    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_INSTANT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PERIOD_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "root_account_id")
    public Account rootAccount;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "account_id")
    public Account account;

    @Enumerated(EnumType.STRING)
    public ReportKind kind = ReportKind.STATUS;

    /** A what-changed report's period: changes recorded from this instant on... */
    public Instant periodFrom;

    /** ...and before this one. */
    public Instant periodTo;

    /** The time zone the period was entered in, to show it as entered. */
    public String periodZone;

    /** Comma-separated status names (for a what-changed report, the statuses changed to); null for every status. */
    public String statuses;

    /** Adds the Diagnosis and Remedy columns after the vendor's five. */
    public boolean includeDiagnosis;

    public String requestedBy;

    public String notifyEmail;

    @Enumerated(EnumType.STRING)
    public ReportState state = ReportState.QUEUED;

    public int attempt;

    public String worker;

    public Long rowsExpected;

    public long rowsWritten;

    public Long csvBytes;

    public Long fileBytes;

    public String reason;

    public Instant createdAt = Instant.now();

    public Instant startedAt;

    public Instant finishedAt;

    public Instant expiresAt;

    /** The schedule whose run made this report; null for a report requested on the page or the API. */
    public Long scheduleId;

    /** The instant the schedule's run was due, for a scheduled report. */
    public Instant scheduledFor;

    /** Comma-separated emails mailed beside {@link #notifyEmail}: a scheduled report's recipients. */
    public String recipients;

    /** The account the report is named after: the subaccount, or the tree's parent account. */
    public Account namedAccount() {
        return account == null ? rootAccount : account;
    }

    public boolean isChanges() {
        return kind == ReportKind.CHANGES;
    }

    /** The period as entered, such as "2026-12-01 00:00 to 2026-12-02 00:00 (America/New_York)"; null for a status report. */
    public String periodLabel() {
        if (!isChanges()) {
            return null;
        }
        ZoneId zone = periodZone == null ? ZoneOffset.UTC : ZoneId.of(periodZone);
        return PERIOD_END.format(periodFrom.atZone(zone)) + " to " + PERIOD_END.format(periodTo.atZone(zone)) + " ("
                + (periodZone == null ? "UTC" : periodZone) + ")";
    }

    public String scopeLabel() {
        return scopeLabel(rootAccount, account);
    }

    public List<RegistrationStatus> statusList() {
        return statusList(statuses);
    }

    public String statusesLabel() {
        return statusesLabel(statuses);
    }

    /** A report's scope in words: a whole tree (no account), a parent account alone, or a subaccount. */
    public static String scopeLabel(Account root, Account account) {
        if (account == null) {
            return root.name + " and its subaccounts";
        }
        return account.isTopLevel() ? account.name + " only (without subaccounts)" : account.name;
    }

    /** The statuses as a report keeps them, comma-separated names, null for every status. */
    public static List<RegistrationStatus> statusList(String statuses) {
        List<RegistrationStatus> list = new ArrayList<>();
        if (statuses != null) {
            for (String name : statuses.split(",")) {
                list.add(RegistrationStatus.valueOf(name));
            }
        }
        return list;
    }

    public static String statusesLabel(String statuses) {
        if (statuses == null) {
            return "All statuses";
        }
        return String.join(", ", statusList(statuses).stream().map(s -> s.label).toList());
    }

    public boolean isScheduled() {
        return scheduledFor != null;
    }

    public List<String> recipientList() {
        return recipients == null || recipients.isBlank() ? List.of() : List.of(recipients.split(","));
    }

    public boolean isActive() {
        return state.isActive();
    }

    public boolean isReady() {
        return state == ReportState.READY;
    }

    /** Percent of the expected rows written, for the progress bar. */
    public int percent() {
        if (state == ReportState.READY) {
            return 100;
        }
        if (rowsExpected == null || rowsExpected == 0) {
            return 0;
        }
        return (int) Math.min(99, rowsWritten * 100 / rowsExpected);
    }

    public String fileName() {
        if (isChanges()) {
            return "a2p-changes-" + namedAccount().sid + "-" + FILE_INSTANT.format(periodFrom) + "-"
                    + FILE_INSTANT.format(periodTo) + ".csv";
        }
        return "a2p-status-report-" + namedAccount().sid + "-" + FILE_DATE.format(createdAt) + ".csv";
    }

    /** The report with this id, only if the scope covers it: a parent's whole-tree report is not a subaccount's. */
    public static Optional<Report> findInScope(TenantScope scope, long id) {
        if (scope.accountId() == null) {
            return find("id = ?1 and rootAccount.id = ?2", id, scope.rootId()).firstResultOptional();
        }
        return find("id = ?1 and rootAccount.id = ?2 and account.id = ?3", id, scope.rootId(), scope.accountId())
                .firstResultOptional();
    }

    /** The scope's reports, newest first. */
    public static List<Report> history(TenantScope scope, int limit) {
        if (scope.accountId() == null) {
            return find("rootAccount.id = ?1 order by createdAt desc, id desc", scope.rootId()).page(0, limit).list();
        }
        return find("rootAccount.id = ?1 and account.id = ?2 order by createdAt desc, id desc", scope.rootId(),
                scope.accountId()).page(0, limit).list();
    }

    public static long activeCount(TenantScope scope) {
        List<ReportState> active = List.of(ReportState.QUEUED, ReportState.RUNNING);
        if (scope.accountId() == null) {
            return count("rootAccount.id = ?1 and state in ?2", scope.rootId(), active);
        }
        return count("rootAccount.id = ?1 and account.id = ?2 and state in ?3", scope.rootId(), scope.accountId(), active);
    }
}
