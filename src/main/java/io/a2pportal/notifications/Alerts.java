package io.a2pportal.notifications;

import static io.a2pportal.db.SqlValues.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.HistoryCursor;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.troubleshooting.Advisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

/**
 * The alerts: numbers that moved to Failure (a registration or a deregistration failed), and
 * registrations that have waited past the carriers' usual two weeks. Each pass sends each user at
 * most one mail of each kind, listing every number of their scope it found, and decides it in the
 * transaction that moves the pass on, so that no alert is sent twice or lost, whichever instance runs it.
 */
@ApplicationScoped
public class Alerts {

    static final String FAILURES = "notify-failures";
    static final String AGING = "notify-aging";
    private static final String CURSOR = "failure-alerts";
    /** The failures one pass reads at most; a larger burst goes on in the next pass. */
    static final int FAILURE_BATCH = 50_000;

    @Inject
    EntityManager em;

    @Inject
    NotificationMails mails;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    @Named(FAILURES)
    Task<Void> failuresTask(NotificationsConfig config) {
        return Tasks.recurring(FAILURES, Schedules.fixedDelay(config.alertInterval())).execute((instance, context) -> failures());
    }

    @Produces
    @Singleton
    @Named(AGING)
    Task<Void> agingTask(NotificationsConfig config) {
        return Tasks.recurring(AGING, Schedules.fixedDelay(config.agingInterval())).execute((instance, context) -> aging());
    }

    /** A number's move to Failure, as an alert lists it. */
    public record Failure(long rootId, long accountId, String accountSid, String accountName, String e164, String from,
            Instant observedAt, String source, String reason) {

        /** Whether it was the registration or the deregistration that failed. */
        public String what() {
            return RegistrationStatus.PENDING_DEREGISTRATION.name().equals(from) ? "Deregistration failed"
                    : "Registration failed";
        }

        boolean in(TenantScope scope) {
            return rootId == scope.rootId() && (scope.accountId() == null || scope.accountId() == accountId);
        }
    }

    /**
     * One pass of the failure alerts over the status history past their {@link HistoryCursor}, so
     * that no failure committed late is skipped; returns the mails decided.
     */
    public int failures() {
        return QuarkusTransaction.requiringNew().call(() -> {
            HistoryCursor.Position cursor = HistoryCursor.lock(em, CURSOR);
            List<NotificationPreference> wanting = NotificationPreference.list("failureAlerts", true);
            List<Long> roots = wanting.stream().map(p -> p.membership.account.rootId).distinct().toList();
            // nobody wants failure alerts: the cursor moves on all the same, so that no one is told of the past later
            List<?> rows = roots.isEmpty() ? List.of() : cursor.bind(em.createNativeQuery("""
                    select h.id, h.xid, h.root_account_id, n.account_id, a.sid, a.name, n.e164, h.old_status,
                           h.observed_at, h.source, n.failure_reason
                    from number_status_history h
                    join phone_number n on n.id = h.phone_number_id
                    join account a on a.id = n.account_id
                    where """ + HistoryCursor.PAST + """
                      and h.new_status = 'FAILURE' and h.root_account_id in (?4)
                    order by """ + HistoryCursor.ORDER + " limit ?5")).setParameter(4, roots).setParameter(5, FAILURE_BATCH)
                    .getResultList();
            List<Failure> failures = new ArrayList<>(rows.size());
            for (Object row : rows) {
                Object[] c = (Object[]) row;
                failures.add(new Failure(((Number) c[2]).longValue(), ((Number) c[3]).longValue(), (String) c[4], (String) c[5],
                        (String) c[6], (String) c[7], instant(c[8]), (String) c[9], (String) c[10]));
            }
            int sent = 0;
            String pass = cursor.xid() + "." + cursor.lastId();
            for (NotificationPreference preference : wanting) {
                TenantScope scope = preference.scope();
                List<Failure> theirs = failures.stream().filter(f -> f.in(scope)).toList();
                if (!theirs.isEmpty()) {
                    mails.failures(preference, theirs, pass);
                    sent++;
                }
            }
            HistoryCursor.moveOn(em, cursor, rows, FAILURE_BATCH);
            return sent;
        });
    }

    /** A number whose registration has become overdue, as an alert lists it. */
    public record Overdue(String e164, String accountSid, String accountName, Instant waitingSince) {
    }

    /**
     * One pass of the aging alerts: for each user who wants them, the numbers of their scope still
     * Pending registration whose wait (from the later of joining a verified campaign's service and
     * taking the status) passed the two weeks since their last pass; returns the mails decided.
     */
    public int aging() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> ids = em.createNativeQuery("select membership_id from notification_preference where aging_alerts "
                    + "and aging_checked_until < ?1 order by membership_id for update skip locked").setParameter(1, now)
                    .getResultList();
            int sent = 0;
            for (Object id : ids) {
                NotificationPreference preference = NotificationPreference.findById(((Number) id).longValue());
                Instant from = preference.agingCheckedUntil.minus(Advisor.NORMAL_WAIT);
                Instant to = now.minus(Advisor.NORMAL_WAIT);
                TenantScope scope = preference.scope();
                List<?> rows = em.createNativeQuery("""
                        select n.e164, a.sid, a.name, greatest(n.joined_service_at, n.status_changed_at), count(*) over ()
                        from phone_number n
                        join account a on a.id = n.account_id
                        where n.root_account_id = ?1 and (cast(?2 as bigint) is null or n.account_id = ?2)
                          and n.status = 'PENDING_REGISTRATION'
                          and greatest(n.joined_service_at, n.status_changed_at) > ?3
                          and greatest(n.joined_service_at, n.status_changed_at) <= ?4
                          and exists (select 1 from messaging_service s join campaign c on c.id = s.campaign_id
                                      where s.id = n.messaging_service_id and c.status = 'VERIFIED')
                        order by n.e164 limit ?5""").setParameter(1, scope.rootId()).setParameter(2, scope.accountId())
                        .setParameter(3, from).setParameter(4, to).setParameter(5, mails.listed()).getResultList();
                if (!rows.isEmpty()) {
                    List<Overdue> overdue = new ArrayList<>();
                    long total = 0;
                    for (Object row : rows) {
                        Object[] c = (Object[]) row;
                        overdue.add(new Overdue((String) c[0], (String) c[1], (String) c[2], instant(c[3])));
                        total = ((Number) c[4]).longValue();
                    }
                    mails.aging(preference, overdue, total, now);
                    sent++;
                }
                preference.agingCheckedUntil = now;
            }
            return sent;
        });
    }
}
