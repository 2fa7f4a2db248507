package io.a2pportal.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Hands one outbox mail to the SMTP server configured for the mailer; throws when it is not accepted. */
@ApplicationScoped
public class MailSender {

    private final Mailer mailer;

    @Inject
    public MailSender(Mailer mailer) {
        this.mailer = mailer;
    }

    public void send(OutboxMail mail) {
        Mail message = Mail.withHtml(mail.recipient, mail.subject, mail.htmlBody).setText(mail.textBody);
        if (mail.unsubscribeUrl != null) {
            // RFC 8058: the client POSTs "List-Unsubscribe=One-Click" to the link, no login, no page
            message.addHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl + ">");
            message.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mailer.send(message);
    }
}
