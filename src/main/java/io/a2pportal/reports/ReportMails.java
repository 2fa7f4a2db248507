package io.a2pportal.reports;

import io.a2pportal.mail.MailOutbox;
import io.a2pportal.mail.MailTemplates;
import io.a2pportal.web.PublicAddress;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The mails about a report, HTML with a plain-text twin. They link to the report's page, never to
 * the file: the download asks for a login whose scope covers the report.
 */
@ApplicationScoped
public class ReportMails {

    static final String READY = "report-ready";
    static final String FAILED = "report-failed";

    @CheckedTemplate
    static class Templates {
        static native MailTemplateInstance ready(Report report, String link);

        static native MailTemplateInstance failed(Report report, String link);
    }

    @Inject
    PublicAddress address;

    @Inject
    MailOutbox outbox;

    @Transactional(TxType.MANDATORY)
    void ready(Report report) {
        enqueue(report, READY, "Your " + kindOf(report) + " for " + report.namedAccount().name + " is ready",
                Templates.ready(report, link(report)), Templates.ready(report, link(report)));
    }

    @Transactional(TxType.MANDATORY)
    void failed(Report report) {
        enqueue(report, FAILED, "Your " + kindOf(report) + " for " + report.namedAccount().name + " could not be generated",
                Templates.failed(report, link(report)), Templates.failed(report, link(report)));
    }

    private static String kindOf(Report report) {
        return report.isScheduled() ? "scheduled A2P status report" : "A2P status report";
    }

    String link(Report report) {
        return address.url("/reports/" + report.id);
    }

    private void enqueue(Report report, String kind, String subject, MailTemplateInstance text, MailTemplateInstance html) {
        String textBody = MailTemplates.text(text);
        String htmlBody = MailTemplates.html(html);
        if (report.notifyEmail != null) {
            outbox.enqueue(report.id, kind, report.notifyEmail, subject, link(report), textBody, htmlBody);
        }
        // each further recipient's mail is a decision of its own, under a key of its own
        for (String recipient : report.recipientList()) {
            if (!recipient.equals(report.notifyEmail)) {
                outbox.enqueue("report:" + report.id + ":" + kind + ":" + recipient, kind, recipient, subject,
                        link(report), textBody, htmlBody);
            }
        }
    }
}
