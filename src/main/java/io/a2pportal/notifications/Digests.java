package io.a2pportal.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.troubleshooting.Diagnoses;
import io.a2pportal.troubleshooting.Summary;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

/**
 * The daily and weekly digests of what changed. A digest covers exactly its period, a day or a week
 * in the user's zone ending at the moment it falls due, and counts the changes the portal recorded
 * in it; it is decided in the transaction that moves the user's next digest on, once, whichever
 * instance finds it due. A portal that was down for a few periods sends the digest that fell due,
 * then goes on from the present (no pile of digests about the past).
 */
@ApplicationScoped
public class Digests {

    static final String TASK = "notify-digests";

    @Inject
    EntityManager em;

    @Inject
    NotificationMails mails;

    @Inject
    Diagnoses diagnoses;

    @Inject
    Clock clock;

    @Inject
    NotificationsConfig config;

    @Produces
    @Singleton
    @Named(TASK)
    Task<Void> digestTask(NotificationsConfig config) {
        return Tasks.recurring(TASK, Schedules.fixedDelay(config.digestInterval())).execute((instance, context) -> sendDue());
    }

    /** How many numbers made one move in the period. */
    public record Transition(RegistrationStatus from, RegistrationStatus to, long numbers) {

        public String fromLabel() {
            return from == null ? "(new number)" : from.label;
        }
    }

    /** What a digest tells. */
    public record Digest(Instant from, Instant to, List<Transition> transitions, long changes, Summary attention) {
    }

    /** Sends the digests due now; returns how many were decided. */
    public int sendDue() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            // a change is stamped when its transaction began: one still running at the period's end may add to it
            List<?> ids = em.createNativeQuery("select membership_id from notification_preference where digest_due_at <= ?1 "
                    + "order by digest_due_at limit 100 for update skip locked").setParameter(1, now.minus(config.digestDelay()))
                    .getResultList();
            int sent = 0;
            for (Object id : ids) {
                NotificationPreference preference = NotificationPreference.findById(((Number) id).longValue());
                Instant end = preference.digestDueAt;
                Digest digest = of(preference.scope(), preference.periodStart(end), end);
                // a period with no change and nothing to act on is not worth a mail
                if (digest.changes() > 0 || digest.attention().needAction() > 0) {
                    mails.digest(preference, digest);
                    sent++;
                }
                preference.digestDueAt = preference.periodEndAfter(now);
            }
            return sent;
        });
    }

    /** The changes recorded in {@code [from, to)} in the scope, counted by move, and what needs action now. */
    Digest of(TenantScope scope, Instant from, Instant to) {
        List<?> rows = em.createNativeQuery("""
                select h.old_status, h.new_status, count(*)
                from number_status_history h
                join phone_number n on n.id = h.phone_number_id
                where h.root_account_id = ?1 and (cast(?2 as bigint) is null or n.account_id = ?2)
                  and h.changed_at >= ?3 and h.changed_at < ?4
                group by h.old_status, h.new_status
                order by count(*) desc, h.old_status, h.new_status""").setParameter(1, scope.rootId())
                .setParameter(2, scope.accountId()).setParameter(3, from).setParameter(4, to).getResultList();
        List<Transition> transitions = new ArrayList<>();
        long changes = 0;
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            long count = ((Number) c[2]).longValue();
            transitions.add(new Transition(RegistrationStatus.named((String) c[0]), RegistrationStatus.named((String) c[1]), count));
            changes += count;
        }
        return new Digest(from, to, transitions, changes, diagnoses.summarize(scope));
    }
}
