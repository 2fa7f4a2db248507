package io.a2pportal.mail;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A mail the portal has decided to send, kept until it is sent and afterwards as a record. */
@Entity
@Table(name = "mail_outbox")
public class OutboxMail extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    /** Refused for good by the SMTP server (a permanent reply): given up, {@link #lastError} says why. */
    public static final String REFUSED = "REFUSED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long reportId;

    /** The decision the mail tells of, once: see MailOutbox#enqueue. */
    public String dedupeKey;

    public String kind;

    public String recipient;

    public String subject;

    public String textBody;

    public String htmlBody;

    /** The portal page the mail points to. */
    public String link;

    /** The one-click unsubscribe link (RFC 8058) of a mail the recipient can turn off; null otherwise. */
    public String unsubscribeUrl;

    public String state = PENDING;

    public int attempts;

    public String lastError;

    public Instant createdAt = Instant.now();

    public Instant sentAt;

    public boolean isSent() {
        return SENT.equals(state);
    }

    /** Sent, or given up: nothing more is to be done with it. */
    public boolean isSettled() {
        return SENT.equals(state) || REFUSED.equals(state);
    }

    /** The latest mails to one address, whatever the case its letters were written in. */
    public static List<OutboxMail> latestTo(String recipient, int limit) {
        return find("lower(recipient) = ?1 order by createdAt desc, id desc", recipient.toLowerCase(Locale.ROOT))
                .page(0, limit).list();
    }
}
