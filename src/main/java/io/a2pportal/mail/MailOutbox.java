package io.a2pportal.mail;

import java.time.Instant;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.a2pportal.jobs.Backoff;
import io.a2pportal.jobs.JobScheduler;
import io.micrometer.core.instrument.MeterRegistry;
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

    /** Stores a mail for delivery; a mail of the same kind already stored for the report wins. */
    @Transactional(TxType.MANDATORY)
    public void enqueue(long reportId, String kind, String recipient, String subject, String link, String textBody,
            String htmlBody) {
        if (OutboxMail.countFor(reportId, kind) > 0) {
            return;
        }
        store(reportId, kind, recipient, subject, link, textBody, htmlBody);
    }

    /** Stores a mail about no report for delivery: the transaction that decides to send it does so once. */
    @Transactional(TxType.MANDATORY)
    public void enqueue(String kind, String recipient, String subject, String link, String textBody, String htmlBody) {
        store(null, kind, recipient, subject, link, textBody, htmlBody);
    }

    private void store(Long reportId, String kind, String recipient, String subject, String link, String textBody,
            String htmlBody) {
        OutboxMail mail = new OutboxMail();
        mail.reportId = reportId;
        mail.kind = kind;
        mail.recipient = recipient;
        mail.subject = subject;
        mail.textBody = textBody;
        mail.htmlBody = htmlBody;
        mail.link = link;
        mail.persistAndFlush();
        jobs.schedule(DELIVER.instance(String.valueOf(mail.id)).scheduledTo(Instant.now()));
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
        if (mail == null || mail.isSent()) {
            return;
        }
        try {
            sender.send(mail);
        } catch (RuntimeException e) {
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

    /** {@code portal_mails_total{outcome}}: attempts the SMTP server accepted (sent) or refused (failed). */
    private void delivered(String outcome) {
        metrics.counter("portal.mails", "outcome", outcome).increment();
    }
}
