package io.a2pportal.reports;

import io.a2pportal.mail.MailOutbox;
import io.a2pportal.web.PublicAddress;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
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
        enqueue(report, READY, "Your " + subjectOf(report) + " is ready",
                Templates.ready(report, link(report)), Templates.ready(report, link(report)));
    }

    @Transactional(TxType.MANDATORY)
    void failed(Report report) {
        enqueue(report, FAILED, "Your " + subjectOf(report) + " could not be generated",
                Templates.failed(report, link(report)), Templates.failed(report, link(report)));
    }

    /** What the report is, as the subjects name it; a long account name is cut so that the period fits. */
    private static String subjectOf(Report report) {
        String name = report.namedAccount().name;
        if (report.isChanges()) {
            return "A2P what-changed report for " + (name.length() > 120 ? name.substring(0, 119) + "…" : name) + ", "
                    + report.periodLabel();
        }
        return "A2P status report for " + name;
    }

    String link(Report report) {
        return address.url("/reports/" + report.id);
    }

    private void enqueue(Report report, String kind, String subject, MailTemplateInstance text, MailTemplateInstance html) {
        if (report.notifyEmail == null) {
            return;
        }
        outbox.enqueue(report.id, kind, report.notifyEmail, subject.replaceAll("\\p{Cntrl}", " "), link(report),
                render(text, Variant.TEXT_PLAIN), render(html, Variant.TEXT_HTML));
    }

    private static String render(MailTemplateInstance mail, String contentType) {
        TemplateInstance instance = mail.templateInstance();
        instance.setAttribute(TemplateInstance.SELECTED_VARIANT, Variant.forContentType(contentType));
        return instance.render();
    }
}
