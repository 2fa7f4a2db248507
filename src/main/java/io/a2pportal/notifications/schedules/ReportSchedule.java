package io.a2pportal.notifications.schedules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.reports.Report;
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
 * A CSV report an owner has scheduled: what each run's report covers (as a report does: a whole
 * account tree, no account, or one account of it), when it runs, and who is mailed.
 */
@Entity
@Table(name = "report_schedule")
public class ReportSchedule extends PanacheEntityBase {

    private static final DateTimeFormatter NEXT_RUN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.US);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "root_account_id")
    public Account rootAccount;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "account_id")
    public Account account;

    /** Comma-separated status names; null for every status. */
    public String statuses;

    public boolean includeDiagnosis;

    @Enumerated(EnumType.STRING)
    public Frequency frequency;

    @Enumerated(EnumType.STRING)
    public DayOfWeek dayOfWeek;

    public Integer dayOfMonth;

    public LocalTime localTime;

    /** An IANA zone id, such as America/New_York. */
    public String zone;

    /** Comma-separated emails of members who can see the report. */
    public String recipients;

    public boolean enabled = true;

    public String createdBy;

    public Instant createdAt = Instant.now();

    public Instant nextRunAt;

    public Recurrence recurrence() {
        return new Recurrence(frequency, dayOfWeek, dayOfMonth, localTime, ZoneId.of(zone));
    }

    /** The account the reports are named after: the subaccount, or the tree's parent account. */
    public Account namedAccount() {
        return account == null ? rootAccount : account;
    }

    /** In the words of its reports. */
    public String scopeLabel() {
        return Report.scopeLabel(rootAccount, account);
    }

    public List<RegistrationStatus> statusList() {
        return Report.statusList(statuses);
    }

    public String statusesLabel() {
        return Report.statusesLabel(statuses);
    }

    public List<String> recipientList() {
        return recipients == null || recipients.isBlank() ? List.of() : List.of(recipients.split(","));
    }

    /** "Daily at 02:30", "Weekly on Monday at 09:00", "Monthly on day 31 at 06:00 (the last day in shorter months)". */
    public String whenLabel() {
        String at = " at " + localTime + " (" + zone + ")";
        return switch (frequency) {
            case DAILY -> "Daily" + at;
            case WEEKLY -> "Weekly on " + dayOfWeek.getDisplayName(TextStyle.FULL, Locale.US) + at;
            case MONTHLY -> "Monthly on day " + dayOfMonth + at + (dayOfMonth > 28 ? ", the last day in shorter months" : "");
        };
    }

    /** The next run as a clock in the schedule's zone reads it. */
    public String nextRunLabel() {
        return NEXT_RUN.format(nextRunAt.atZone(ZoneId.of(zone)));
    }

    /** The scope's schedules, oldest first; a subaccount's scope sees that subaccount's alone. */
    public static List<ReportSchedule> inScope(TenantScope scope) {
        if (scope.accountId() == null) {
            return list("rootAccount.id = ?1 order by id", scope.rootId());
        }
        return list("rootAccount.id = ?1 and account.id = ?2 order by id", scope.rootId(), scope.accountId());
    }

    /** The schedule with this id, only if the scope covers it, by the rule reports follow. */
    public static Optional<ReportSchedule> findInScope(TenantScope scope, long id) {
        if (scope.accountId() == null) {
            return find("id = ?1 and rootAccount.id = ?2", id, scope.rootId()).firstResultOptional();
        }
        return find("id = ?1 and rootAccount.id = ?2 and account.id = ?3", id, scope.rootId(), scope.accountId())
                .firstResultOptional();
    }
}
