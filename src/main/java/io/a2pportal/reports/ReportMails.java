package io.a2pportal.reports;

import java.util.function.BiFunction;

import io.a2pportal.mail.MailOutbox;
import io.a2pportal.mail.MailTemplates;
import io.a2pportal.web.PublicAddress;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The mails about a report, HTML with a plain-text twin. They link to the report's page, never to
 * the file: the download asks for a login whose scope covers the report. A scheduled report's
 * recipients each get their own, with the link that takes them off the schedule.
 */
@ApplicationScoped
public class ReportMails {

    static final String READY = "report-ready";
    static final String FAILED = "report-failed";

    @CheckedTemplate
    static class Templates {
        static native MailTemplateInstance ready(Report report, String link, String unsubscribe);

        static native MailTemplateInstance failed(Report report, String link, String unsubscribe);
    }

    @Inject
    PublicAddress address;

    @Inject
    MailOutbox outbox;

    @Inject
    Instance<ScheduledReportLinks> scheduleLinks;

    @Transactional(TxType.MANDATORY)
    void ready(Report report) {
        enqueue(report, READY, "Your " + subjectOf(report) + " is ready", (link, unsubscribe) -> Templates.ready(report, link,
                unsubscribe));
    }

    @Transactional(TxType.MANDATORY)
    void failed(Report report) {
        enqueue(report, FAILED, "Your " + subjectOf(report) + " could not be generated", (link, unsubscribe) -> Templates
                .failed(report, link, unsubscribe));
    }

    /** What the report is, as the subjects name it; a long account name is cut so that the period fits. */
    private static String subjectOf(Report report) {
        String name = report.namedAccount().name;
        if (report.isChanges()) {
            return "A2P what-changed report for " + (name.length() > 120 ? name.substring(0, 119) + "…" : name) + ", "
                    + report.periodLabel();
        }
        return (report.isScheduled() ? "scheduled A2P status report for " : "A2P status report for ") + name;
    }

    String link(Report report) {
        return address.url("/reports/" + report.id);
    }

    private void enqueue(Report report, String kind, String subject,
            BiFunction<String, String, MailTemplateInstance> template) {
        String link = link(report);
        if (report.notifyEmail != null) {
            outbox.enqueue(report.id, kind, report.notifyEmail, subject, link, MailTemplates.text(template.apply(link, null)),
                    MailTemplates.html(template.apply(link, null)));
        }
        // each further recipient's mail is a decision of its own, under a key of its own
        for (String recipient : report.recipientList()) {
            if (!recipient.equals(report.notifyEmail)) {
                String unsubscribe = report.scheduleId != null && scheduleLinks.isResolvable()
                        ? scheduleLinks.get().unsubscribeUrl(report.scheduleId, recipient) : null;
                outbox.enqueue("report:" + report.id + ":" + kind + ":" + recipient, kind, recipient, subject, link,
                        MailTemplates.text(template.apply(link, unsubscribe)), MailTemplates.html(template.apply(link, unsubscribe)),
                        unsubscribe);
            }
        }
    }
}
