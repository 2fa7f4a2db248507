package io.a2pportal.mail;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.jobs.Backoff;
import io.a2pportal.jobs.JobScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.mail.SMTPException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Transactional outbox for mail: a mail is stored, and its delivery job scheduled, in the
 * transaction that decides to send it. The job retries with backoff until the SMTP server accepts
 * the mail, so a mail server that is down neither loses mail nor holds up the change that caused it.
 */
@ApplicationScoped
public class MailOutbox {

    private static final Logger LOG = Logger.getLogger(MailOutbox.class);
    static final TaskDescriptor<Void> DELIVER = TaskDescriptor.of("deliver-mail");

    @Inject
    JobScheduler jobs;

    @Inject
    MailSender sender;

    @Inject
    MailConfig config;

    @Inject
    MeterRegistry metrics;

    /** Stores a mail about a report for delivery, once per report and kind. */
    @Transactional(TxType.MANDATORY)
    public void enqueue(long reportId, String kind, String recipient, String subject, String link, String textBody,
            String htmlBody) {
        store("report:" + reportId + ":" + kind, reportId, kind, recipient, subject, link, textBody, htmlBody, null);
    }

    /**
     * Stores a mail for delivery, once per {@code key}: the decision it tells of, in words of the
     * feature's (say "webhook-disabled:7:1764590000000:owner@example.com"). Deciding the same again,
     * on this instance or another, stores nothing more.
     */
    @Transactional(TxType.MANDATORY)
    public void enqueue(String key, String kind, String recipient, String subject, String link, String textBody,
            String htmlBody) {
        store(key, null, kind, recipient, subject, link, textBody, htmlBody, null);
    }

    /**
     * Stores a mail the recipient has chosen to get, once per {@code key}, with the link that turns
     * it off in one click: sent as the List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058),
     * so that mail clients offer their own unsubscribe button.
     */
    @Transactional(TxType.MANDATORY)
    public void enqueue(String key, String kind, String recipient, String subject, String link, String textBody,
            String htmlBody, String unsubscribeUrl) {
        store(key, null, kind, recipient, subject, link, textBody, htmlBody, unsubscribeUrl);
    }

    private void store(String key, Long reportId, String kind, String recipient, String subject, String link, String textBody,
            String htmlBody, String unsubscribeUrl) {
        // a name a user gave (an account's, say) may hold a line break, which in a header would start another header
        subject = subject.replaceAll("\\p{Cntrl}", " ");
        // one statement: a mail of the same decision, committed or not yet, makes this one nothing (no error to roll back)
        List<?> stored = OutboxMail.getEntityManager().createNativeQuery("insert into mail_outbox (dedupe_key, report_id, kind, "
                + "recipient, subject, text_body, html_body, link, unsubscribe_url, state) "
                + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'PENDING') on conflict (dedupe_key) do nothing returning id")
                .setParameter(1, key).setParameter(2, reportId).setParameter(3, kind).setParameter(4, recipient)
                .setParameter(5, subject).setParameter(6, textBody).setParameter(7, htmlBody).setParameter(8, link)
                .setParameter(9, unsubscribeUrl)
                .getResultList();
        if (!stored.isEmpty()) {
            jobs.schedule(DELIVER.instance(String.valueOf(((Number) stored.get(0)).longValue())).scheduledTo(Instant.now()));
        }
    }

    @Produces
    @Singleton
    Task<Void> deliveryTask() {
        return Tasks.oneTime(DELIVER)
                .onFailure(new Backoff<>(config.retryFirst(), config.retryCeiling()))
                .execute((instance, context) -> deliver(Long.parseLong(instance.getId())));
    }

    void deliver(long id) {
        OutboxMail mail = QuarkusTransaction.requiringNew().call(() -> OutboxMail.<OutboxMail> findById(id));
        if (mail == null || mail.isSettled()) {
            return;
        }
        try {
            sender.send(mail);
        } catch (RuntimeException e) {
            if (refusedForGood(e)) {
                delivered("refused");
                LOG.warnf("Mail %d to %s refused for good by the SMTP server, given up: %s", id, mail.recipient, e.getMessage());
                QuarkusTransaction.requiringNew().run(() -> OutboxMail.update(
                        "attempts = attempts + 1, state = ?1, lastError = ?2 where id = ?3", OutboxMail.REFUSED,
                        String.valueOf(e.getMessage()), id));
                return;
            }
            delivered("failed");
            LOG.warnf("Mail %d to %s not accepted (attempt %d), will retry: %s", id, mail.recipient, mail.attempts + 1,
                    e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> OutboxMail.update(
                    "attempts = attempts + 1, lastError = ?1 where id = ?2", String.valueOf(e.getMessage()), id));
            throw e;
        }
        QuarkusTransaction.requiringNew().run(() -> OutboxMail.update(
                "attempts = attempts + 1, state = ?1, sentAt = ?2, lastError = null where id = ?3", OutboxMail.SENT,
                Instant.now(), id));
        delivered("sent");
    }

    /**
     * Whether the SMTP server's answer was a permanent refusal (a 5xx reply): sending the same mail
     * again would only be refused again. Anything else (the server down, a 4xx reply) is retried.
     */
    static boolean refusedForGood(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return smtp.isPermanent();
            }
        }
        return false;
    }

    /**
     * {@code portal_mails_total{outcome}}: attempts the SMTP server accepted (sent), failed to take
     * (failed, retried) or refused for good (refused, given up).
     */
    private void delivered(String outcome) {
        metrics.counter("portal.mails", "outcome", outcome).increment();
    }
}
