package io.a2pportal.notifications.schedules;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.shared.Formats;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.TimeZones;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/**
 * The owner's side of scheduled reports: making, pausing, resuming and deleting schedules, each
 * audited. Every member of the scope may see its schedules; only owners change them. Anything
 * outside the scope answers 404.
 */
@ApplicationScoped
public class ReportSchedules {

    /** The value of the scope choice that means the whole scope of the user, as on the report form. */
    public static final String WHOLE_SCOPE = "all";

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    @Inject
    SchedulesConfig config;

    @Inject
    Clock clock;

    /** What the form sent, kept as typed so that a refused form shows it again. */
    public record Draft(String scope, List<String> statuses, boolean diagnosis, String frequency, String dayOfWeek,
            String dayOfMonth, String time, String zone, List<String> recipients) {

        public Draft {
            statuses = statuses == null ? List.of() : statuses;
            recipients = recipients == null ? List.of() : recipients;
        }

        public static Draft empty() {
            return new Draft(WHOLE_SCOPE, List.of(), false, Frequency.DAILY.name(), DayOfWeek.MONDAY.name(), "1", "07:00",
                    "America/New_York", List.of());
        }
    }

    /** A member the form offers as a recipient. */
    public record Candidate(String email, String account, String role) {
    }

    public List<ReportSchedule> list(TenantScope scope) {
        return ReportSchedule.inScope(scope);
    }

    /** Members of the scope with an email, each once, as the form's recipients. */
    public List<Candidate> candidates(TenantScope scope) {
        Set<String> seen = new LinkedHashSet<>();
        List<Candidate> candidates = new ArrayList<>();
        for (Membership m : Membership.sharing(scope)) {
            if (m.email != null && seen.add(m.email)) {
                candidates.add(new Candidate(m.email, m.account.name, m.role.label));
            }
        }
        return candidates;
    }

    @Transactional
    public ReportSchedule create(TenantScope scope, String actor, Draft draft) {
        requireOwner(scope);
        Account target = target(scope, draft.scope());
        ReportSchedule schedule = new ReportSchedule();
        schedule.rootAccount = Account.findById(scope.rootId());
        schedule.account = target;
        schedule.statuses = statuses(draft.statuses());
        schedule.includeDiagnosis = draft.diagnosis();
        schedule.frequency = frequency(draft.frequency());
        if (schedule.frequency == Frequency.WEEKLY) {
            schedule.dayOfWeek = dayOfWeek(draft.dayOfWeek());
        }
        if (schedule.frequency == Frequency.MONTHLY) {
            schedule.dayOfMonth = dayOfMonth(draft.dayOfMonth());
        }
        schedule.localTime = time(draft.time());
        schedule.zone = zone(draft.zone());
        schedule.recipients = String.join(",", recipients(scope.rootId(), target, draft.recipients()));
        // one change at a time per account tree, so that two at once cannot both pass the limit
        Account.findById(scope.rootId(), LockModeType.PESSIMISTIC_WRITE);
        if (ReportSchedule.inScope(scope).size() >= config.maxPerScope()) {
            throw new InvalidInputException("This scope has " + config.maxPerScope()
                    + " scheduled reports already, the most it may have; delete one first.");
        }
        schedule.createdBy = actor;
        schedule.nextRunAt = schedule.recurrence().nextAfter(clock.instant());
        schedule.persistAndFlush();
        audit(actor, schedule, "schedule.created", "Scheduled CSV report " + schedule.id + " of " + schedule.scopeLabel()
                + ": " + schedule.statusesLabel() + (schedule.includeDiagnosis ? ", with diagnosis" : "") + ", "
                + schedule.whenLabel() + ", mailed to " + String.join(", ", schedule.recipientList()));
        return schedule;
    }

    /** Pauses or resumes a schedule; a resumed one runs next at its next time from now, without catching up. */
    @Transactional
    public ReportSchedule setEnabled(TenantScope scope, String actor, long id, boolean enabled) {
        requireOwner(scope);
        ReportSchedule schedule = find(scope, id);
        if (enabled && schedule.recipientList().isEmpty()) {
            throw new InvalidInputException("Every recipient of scheduled report " + schedule.id
                    + " has unsubscribed. Delete it and schedule the report again for the people who want it.");
        }
        if (schedule.enabled != enabled) {
            schedule.enabled = enabled;
            if (enabled) {
                schedule.nextRunAt = schedule.recurrence().nextAfter(clock.instant());
            }
            audit(actor, schedule, enabled ? "schedule.resumed" : "schedule.paused",
                    (enabled ? "Resumed" : "Paused") + " scheduled CSV report " + schedule.id + " of " + schedule.scopeLabel());
        }
        return schedule;
    }

    /**
     * Takes a recipient off a schedule, as their unsubscribe link asks; a schedule left with no
     * recipient is paused (it would make reports nobody is told of). The schedule, or null when it
     * has gone.
     */
    @Transactional
    public ReportSchedule removeRecipient(long id, String email) {
        ReportSchedule schedule = ReportSchedule.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (schedule == null || !schedule.recipientList().contains(email)) {
            return schedule;
        }
        List<String> left = schedule.recipientList().stream().filter(r -> !r.equals(email)).toList();
        audit(email, schedule, "schedule.unsubscribed", "Took " + email + " off scheduled CSV report " + schedule.id + " of "
                + schedule.scopeLabel() + " by the link in a mail" + (left.isEmpty() ? "; paused, as nobody is left to mail" : ""));
        schedule.recipients = String.join(",", left);
        if (left.isEmpty()) {
            schedule.enabled = false;
        }
        return schedule;
    }

    /** Deletes a schedule; the reports it made stay in the history. */
    @Transactional
    public ReportSchedule delete(TenantScope scope, String actor, long id) {
        requireOwner(scope);
        ReportSchedule schedule = find(scope, id);
        schedule.delete();
        audit(actor, schedule, "schedule.deleted", "Deleted scheduled CSV report " + schedule.id + " of "
                + schedule.scopeLabel());
        return schedule;
    }

    /**
     * Whether a member of {@code memberAccount} can see a report of {@code target} (null: the whole
     * tree of {@code rootId}): members of the parent account see every report of the tree, members of
     * a subaccount only that subaccount's, as {@code Report.findInScope} decides.
     */
    static boolean canSee(Account memberAccount, long rootId, Account target) {
        return memberAccount.rootId == rootId
                && (memberAccount.isTopLevel() || (target != null && target.id.equals(memberAccount.id)));
    }

    /** The emails among {@code emails} of members who can see the report, in their order. */
    static List<String> stillMembers(long rootId, Account target, List<String> emails) {
        Set<String> allowed = Membership.<Membership> list("account.rootId = ?1 and email is not null", rootId).stream()
                .filter(m -> canSee(m.account, rootId, target)).map(m -> m.email).collect(Collectors.toSet());
        return emails.stream().filter(allowed::contains).toList();
    }

    private static ReportSchedule find(TenantScope scope, long id) {
        return ReportSchedule.findInScope(scope, id).orElseThrow(NotFoundException::new);
    }

    private static void requireOwner(TenantScope scope) {
        if (!scope.isOwner()) {
            throw new ForbiddenException();
        }
    }

    private static void audit(String actor, ReportSchedule schedule, String action, String detail) {
        AuditEntry.record(actor, schedule.namedAccount(), action, detail);
    }

    /** The account the reports cover; null for a whole tree. Anything outside the scope does not exist. */
    private static Account target(TenantScope scope, String choice) {
        if (choice == null || choice.isBlank() || WHOLE_SCOPE.equals(choice)) {
            return scope.isWholeTree() ? null : scope.account();
        }
        return Account.findInScope(scope, choice.strip()).orElseThrow(NotFoundException::new);
    }

    private static String statuses(List<String> values) {
        Set<RegistrationStatus> chosen = EnumSet.noneOf(RegistrationStatus.class);
        for (String value : values == null ? List.<String> of() : values) {
            chosen.add(RegistrationStatus.parse(value));
        }
        return chosen.isEmpty() || chosen.size() == RegistrationStatus.values().length ? null
                : chosen.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    private static Frequency frequency(String value) {
        try {
            return Frequency.valueOf(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Choose how often the report runs: daily, weekly or monthly.");
        }
    }

    private static DayOfWeek dayOfWeek(String value) {
        try {
            return DayOfWeek.valueOf(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Choose the day of the week a weekly report runs on.");
        }
    }

    private static int dayOfMonth(String value) {
        String message = "The day of the month must be a number from 1 to 31 (29, 30 or 31: the last day in "
                + "shorter months).";
        try {
            int day = Integer.parseInt(value == null ? "" : value.strip());
            if (day < 1 || day > 31) {
                throw new InvalidInputException(message);
            }
            return day;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(message);
        }
    }

    private static LocalTime time(String value) {
        try {
            return LocalTime.parse(value == null ? "" : value.strip(), HH_MM);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("The time must be given as HH:mm on a 24-hour clock, such as 07:00 or 18:30"
                    + (value == null || value.isBlank() ? "." : ", not \u201c" + Formats.shorten(value) + "\u201d."));
        }
    }

    private static String zone(String value) {
        return TimeZones.named(value).orElseThrow(() -> new InvalidInputException("Unknown time zone \u201c"
                + Formats.shorten(value == null ? "" : value.strip())
                + "\u201d. Choose one of the list: IANA names such as America/New_York or Europe/London.")).getId();
    }

    private static List<String> recipients(long rootId, Account target, List<String> chosen) {
        List<String> emails = chosen == null ? List.of() : chosen.stream().map(String::strip)
                .filter(e -> !e.isEmpty()).distinct().toList();
        if (emails.isEmpty()) {
            throw new InvalidInputException("Choose at least one recipient among the members.");
        }
        List<String> members = stillMembers(rootId, target, emails);
        for (String email : emails) {
            if (!members.contains(email)) {
                throw new InvalidInputException(Formats.shorten(email) + " cannot receive this report: recipients must "
                        + "be members who can see the reports of " + (target == null ? "the whole account tree"
                                : target.name) + ".");
            }
        }
        return emails;
    }
}
