package io.a2pportal.reports;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.a2pportal.mail.MailOutbox;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

    /** Set in production; dev mode leaves it out so that links follow the port the portal listens on. */
    @ConfigProperty(name = "portal.base-url")
    Optional<String> baseUrl;

    @Inject
    HttpServer server;

    @Inject
    MailOutbox outbox;

    /** Production needs the public address: without it mails would send users to localhost. */
    void requireBaseUrlInProduction(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL && baseUrl.isEmpty()) {
            throw new IllegalStateException("Set PORTAL_BASE_URL (portal.base-url), the portal's public address for links in mails");
        }
    }

    @Transactional(TxType.MANDATORY)
    void ready(Report report) {
        enqueue(report, READY, "Your A2P status report for " + report.namedAccount().name + " is ready",
                Templates.ready(report, link(report)), Templates.ready(report, link(report)));
    }

    @Transactional(TxType.MANDATORY)
    void failed(Report report) {
        enqueue(report, FAILED, "Your A2P status report for " + report.namedAccount().name + " could not be generated",
                Templates.failed(report, link(report)), Templates.failed(report, link(report)));
    }

    String link(Report report) {
        String base = baseUrl.orElseGet(() -> "http://localhost:" + server.getPort());
        return base.replaceAll("/+$", "") + "/reports/" + report.id;
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
