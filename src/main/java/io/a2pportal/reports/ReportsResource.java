package io.a2pportal.reports;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.reports.ReportRequests.TooManyReportsException;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.TimeZones;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/**
 * Requesting a CSV report (a status report, or a what-changed report of a period), following it
 * while it is generated, and downloading it.
 */
@Path("/reports")
@Produces(MediaType.TEXT_HTML)
public class ReportsResource {

    private static final int HISTORY = 50;

    /** The query parameters that prefill the what-changed form: a digest mail links to the form with them. */
    static final List<String> CHANGES_PARAMETERS = List.of("changes_from", "changes_to", "zone", "scope");

    /**
     * What the what-changed form shows: the scope choice, the period as local date-times in the zone,
     * the statuses changed to, and why the last request was refused.
     */
    public record ChangesForm(String scope, String from, String to, String zone, List<String> statuses, String error) {

        static ChangesForm empty() {
            return new ChangesForm(ReportRequests.WHOLE_SCOPE, "", "", ReportPeriod.UTC, List.of(), null);
        }

        public boolean ticked(RegistrationStatus status) {
            return statuses.contains(status.name());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance request(TenantScope scope, List<Account> accounts, List<RegistrationStatus> statuses,
                String email, String error, ChangesForm changes, List<String> zones);

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

    /**
     * The reports of the scope. With any of the what-changed form's parameters, as a digest mail's
     * link has them, this is the form, prefilled: see docs/reports.md.
     */
    @GET
    public Response list(@Context UriInfo uri) {
        if (CHANGES_PARAMETERS.stream().anyMatch(uri.getQueryParameters()::containsKey)) {
            return Response.seeOther(UriBuilder.fromPath("/reports/new").replaceQuery(uri.getRequestUri().getRawQuery())
                    .fragment("what-changed").build()).build();
        }
        TenantScope scope = tenant.scope();
        return Response.ok(Templates.list(scope, Report.history(scope, HISTORY))).build();
    }

    /** Both request forms; the what-changed one prefilled from the query parameters, if any. */
    @GET
    @Path("new")
    public TemplateInstance requestForm(@RestQuery("changes_from") String from, @RestQuery("changes_to") String to,
            @RestQuery String zone, @RestQuery String scope) {
        TenantScope current = tenant.scope();
        String choice = scope == null || scope.isBlank() ? ReportRequests.WHOLE_SCOPE : scope.strip();
        if (!ReportRequests.WHOLE_SCOPE.equals(choice)) {
            // a link to an account outside the scope finds nothing, as any URL of it does
            Account.findInScope(current, choice).orElseThrow(NotFoundException::new);
        }
        String error = null;
        String zoneName = zone == null || zone.isBlank() ? ReportPeriod.UTC : zone.strip();
        try {
            zoneName = ReportPeriod.zone(zoneName).getId();
        } catch (InvalidInputException e) {
            error = e.getMessage();
        }
        return form(current, null, new ChangesForm(choice, blankIfNull(from), blankIfNull(to), zoneName, List.of(), error));
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
            return Response.status(Response.Status.CONFLICT).entity(form(current, e.getMessage(), ChangesForm.empty())).build();
        } catch (InvalidInputException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(form(current, e.getMessage(), ChangesForm.empty()))
                    .build();
        }
    }

    /** The what-changed form: the period is local date-times in the chosen zone. */
    @POST
    @Path("changes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response requestChanges(@RestForm String scope, @RestForm("changes_from") String from,
            @RestForm("changes_to") String to, @RestForm String zone, @RestForm("status") List<String> statuses) {
        TenantScope current = tenant.scope();
        List<String> ticked = statuses == null ? List.of() : statuses;
        try {
            ReportPeriod period = ReportPeriod.local(from, to, zone);
            Report report = requests.requestChanges(current, tenant.displayName(), tenant.email(), scope, ticked, period);
            return Flash.redirect("/reports/" + report.id, "What-changed report requested. This page follows its progress"
                    + (report.notifyEmail == null ? "." : "; " + report.notifyEmail + " gets an email when it is ready."));
        } catch (TooManyReportsException | InvalidInputException e) {
            ChangesForm form = new ChangesForm(scope == null ? ReportRequests.WHOLE_SCOPE : scope, blankIfNull(from),
                    blankIfNull(to), zone == null ? ReportPeriod.UTC : zone, ticked, e.getMessage());
            Response.Status status = e instanceof TooManyReportsException ? Response.Status.CONFLICT
                    : Response.Status.BAD_REQUEST;
            return Response.status(status).entity(form(current, null, form)).build();
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

    private TemplateInstance form(TenantScope scope, String error, ChangesForm changes) {
        return Templates.request(scope, Account.inScope(scope), List.of(RegistrationStatus.values()), tenant.email(), error,
                changes, TimeZones.CHOICES);
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }
}
