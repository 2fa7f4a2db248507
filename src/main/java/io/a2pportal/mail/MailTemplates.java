package io.a2pportal.mail;

import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;

/** A feature's mail template rendered as the outbox stores it: the HTML body and its plain-text twin. */
public final class MailTemplates {

    private MailTemplates() {
    }

    public static String text(MailTemplateInstance mail) {
        return render(mail, Variant.TEXT_PLAIN);
    }

    public static String html(MailTemplateInstance mail) {
        return render(mail, Variant.TEXT_HTML);
    }

    private static String render(MailTemplateInstance mail, String contentType) {
        TemplateInstance instance = mail.templateInstance();
        instance.setAttribute(TemplateInstance.SELECTED_VARIANT, Variant.forContentType(contentType));
        return instance.render();
    }
}
