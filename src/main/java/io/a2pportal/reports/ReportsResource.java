package io.a2pportal.reports;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.reports.ReportRequests.TooManyReportsException;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** Requesting a CSV status report, following it while it is generated, and downloading it. */
@Path("/reports")
@Produces(MediaType.TEXT_HTML)
public class ReportsResource {

    private static final int HISTORY = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance request(TenantScope scope, List<Account> accounts, List<RegistrationStatus> statuses,
                String email, String error);

        static native TemplateInstance report(Report report, List<Report> history);

        static native TemplateInstance report$status(Report report);

        static native TemplateInstance list(TenantScope scope, List<Report> history);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    ReportRequests requests;

    @Inject
    ReportGenerator files;

    @GET
    public TemplateInstance list() {
        TenantScope scope = tenant.scope();
        return Templates.list(scope, Report.history(scope, HISTORY));
    }

    @GET
    @Path("new")
    public TemplateInstance requestForm() {
        return form(tenant.scope(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response request(@RestForm String scope, @RestForm("status") List<String> statuses, @RestForm String diagnosis) {
        TenantScope current = tenant.scope();
        try {
            Report report = requests.request(current, tenant.displayName(), tenant.email(), scope, statuses,
                    diagnosis != null && !diagnosis.isBlank());
            return Flash.redirect("/reports/" + report.id, "Report requested. This page follows its progress"
                    + (report.notifyEmail == null ? "." : "; " + report.notifyEmail + " gets an email when it is ready."));
        } catch (TooManyReportsException e) {
            return Response.status(Response.Status.CONFLICT).entity(form(current, e.getMessage())).build();
        } catch (InvalidInputException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(form(current, e.getMessage())).build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance report(@PathParam("id") long id) {
        TenantScope scope = tenant.scope();
        return Templates.report(find(scope, id), Report.history(scope, HISTORY));
    }

    /** The state and progress part of the report page, which the page polls while the report is generated. */
    @GET
    @Path("{id}/status")
    public Response status(@PathParam("id") long id, @HeaderParam("HX-Request") String htmx) {
        Report report = find(tenant.scope(), id);
        Response.ResponseBuilder response = Response.ok(Templates.report$status(report));
        if (htmx != null && !report.isActive()) {
            // the history below the banner has changed too: once settled, htmx reloads the whole page
            response.header("HX-Refresh", "true");
        }
        return response.build();
    }

    @GET
    @Path("{id}/download")
    @Produces("text/csv; charset=utf-8")
    public Response download(@PathParam("id") long id) {
        Report report = find(tenant.scope(), id);
        if (!report.isReady()) {
            throw new NotFoundException();
        }
        long reportId = report.id;
        int attempt = report.attempt;
        StreamingOutput csv = out -> files.copyCsv(reportId, attempt, out);
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + report.fileName() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static Report find(TenantScope scope, long id) {
        return Report.findInScope(scope, id).orElseThrow(NotFoundException::new);
    }

    private TemplateInstance form(TenantScope scope, String error) {
        return Templates.request(scope, Account.inScope(scope), List.of(RegistrationStatus.values()), tenant.email(), error);
    }
}
