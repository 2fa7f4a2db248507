package io.a2pportal.reports;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.jobs.JobScheduler;
import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/** Turns a request from a form or the API into a queued report and its generation job, within the scope's limit. */
@ApplicationScoped
public class ReportRequests {

    /** The value of the scope choice that means the whole scope of the user. */
    public static final String WHOLE_SCOPE = "all";

    @Inject
    JobScheduler jobs;

    @Inject
    ReportsConfig config;

    @Inject
    EntityManager em;

    /** The scope already has as many reports queued or running as it may. */
    public static class TooManyReportsException extends RuntimeException {
        TooManyReportsException(String message) {
            super(message);
        }
    }

    @Transactional
    public Report request(TenantScope scope, String requester, String email, String choice, List<String> statuses,
            boolean includeDiagnosis) {
        Account target = target(scope, choice);
        Report report = newReport(scope, requester, email, target, parse(statuses));
        report.includeDiagnosis = includeDiagnosis;
        return queue(scope, report, report.statusesLabel() + (includeDiagnosis ? ", with diagnosis" : ""));
    }

    /** A what-changed report of the period: the status changes, to one of the statuses (none: any), recorded in it. */
    @Transactional
    public Report requestChanges(TenantScope scope, String requester, String email, String choice, List<String> statuses,
            ReportPeriod period) {
        Account target = target(scope, choice);
        Report report = newReport(scope, requester, email, target, parse(statuses));
        report.kind = ReportKind.CHANGES;
        report.periodFrom = period.from();
        report.periodTo = period.to();
        report.periodZone = period.zone();
        return queue(scope, report, "what changed " + report.periodLabel() + ", changes to "
                + report.statusesLabel().toLowerCase(Locale.ROOT));
    }

    private static Report newReport(TenantScope scope, String requester, String email, Account target,
            List<RegistrationStatus> chosen) {
        Report report = new Report();
        report.rootAccount = Account.findById(scope.rootId());
        report.account = target;
        report.statuses = stored(chosen);
        report.requestedBy = requester;
        report.notifyEmail = email;
        return report;
    }

    /** Stores the report and its generation job, within the scope's limit. */
    private Report queue(TenantScope scope, Report report, String description) {
        // one request at a time per account tree, so that two at once cannot both pass the limit
        Account.findById(scope.rootId(), LockModeType.PESSIMISTIC_WRITE);
        long active = Report.activeCount(scope);
        if (active >= config.maxActive()) {
            throw new TooManyReportsException(active + " reports are already being generated for "
                    + scope.account().name + ", the most at once. Request this one when one of them is ready.");
        }
        report.persistAndFlush();
        AuditEntry.record(report.requestedBy, report.namedAccount(), "report.requested", "Requested CSV report " + report.id
                + " of " + report.scopeLabel() + ": " + description);
        jobs.schedule(ReportJob.GENERATE.instance(String.valueOf(report.id)).scheduledTo(Instant.now()));
        return report;
    }

    /**
     * The report of a schedule's run that was due at {@code scheduledFor}, queued with its job; empty
     * when that run's report exists already. One report per schedule and due instant, however often
     * and wherever the run is tried: the insert makes nothing when the report is there, committed or
     * not. The limit of reports at once does not apply: a run is not dropped, its report waits in the
     * queue like any other (a scope has at most a few schedules, so this cannot grow without bound).
     */
    @Transactional
    public Optional<Report> scheduled(long scheduleId, Instant scheduledFor, long rootId, Account target,
            List<RegistrationStatus> statuses, boolean includeDiagnosis, String requestedBy, List<String> recipients) {
        List<?> made = em.createNativeQuery("insert into report (root_account_id, account_id, statuses, include_diagnosis, "
                + "requested_by, state, schedule_id, scheduled_for, recipients) values (?1, ?2, ?3, ?4, ?5, 'QUEUED', ?6, ?7, ?8) "
                + "on conflict (schedule_id, scheduled_for) do nothing returning id")
                .setParameter(1, rootId).setParameter(2, target == null ? null : target.id)
                .setParameter(3, stored(statuses)).setParameter(4, includeDiagnosis).setParameter(5, requestedBy)
                .setParameter(6, scheduleId).setParameter(7, scheduledFor)
                .setParameter(8, recipients.isEmpty() ? null : String.join(",", recipients))
                .getResultList();
        if (made.isEmpty()) {
            return Optional.empty();
        }
        Report report = Report.findById(((Number) made.get(0)).longValue());
        AuditEntry.record(requestedBy, report.namedAccount(), "report.requested", "Scheduled CSV report " + report.id
                + " of " + report.scopeLabel() + ": " + report.statusesLabel() + (includeDiagnosis ? ", with diagnosis" : "")
                + (recipients.isEmpty() ? ", mailed to nobody" : ", mailed to " + String.join(", ", recipients)));
        jobs.schedule(ReportJob.GENERATE.instance(String.valueOf(report.id)).scheduledTo(Instant.now()));
        return Optional.of(report);
    }

    /** The statuses as a report keeps them: null for every status. */
    private static String stored(List<RegistrationStatus> chosen) {
        return chosen.isEmpty() || chosen.size() == RegistrationStatus.values().length ? null
                : chosen.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /** The account the report covers; null for a whole tree. Anything outside the scope does not exist. */
    private static Account target(TenantScope scope, String choice) {
        if (choice == null || choice.isBlank() || WHOLE_SCOPE.equals(choice)) {
            return scope.isWholeTree() ? null : scope.account();
        }
        return Account.findInScope(scope, choice.strip()).orElseThrow(NotFoundException::new);
    }

    private static List<RegistrationStatus> parse(List<String> values) {
        Set<RegistrationStatus> chosen = EnumSet.noneOf(RegistrationStatus.class);
        if (values != null) {
            for (String value : values) {
                chosen.add(RegistrationStatus.parse(value));
            }
        }
        return List.copyOf(chosen);
    }
}
