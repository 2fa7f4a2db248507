package io.a2pportal.notifications.schedules;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.notifications.schedules.ReportSchedules.Candidate;
import io.a2pportal.notifications.schedules.ReportSchedules.Draft;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.TimeZones;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Scheduled reports page: the scope's schedules with their next run, and for owners the form
 * that makes one and the buttons that pause, resume or delete one.
 */
@Path("/schedules")
@Produces(MediaType.TEXT_HTML)
public class SchedulesResource {

    /** A day of the week as the form offers it. */
    public record Day(String value, String label) {
    }

    private static final List<Day> DAYS = Stream.of(DayOfWeek.values())
            .map(d -> new Day(d.name(), d.getDisplayName(TextStyle.FULL, Locale.US))).toList();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(TenantScope scope, List<ReportSchedule> schedules, List<Account> accounts,
                List<RegistrationStatus> statuses, List<Frequency> frequencies, List<Day> days, List<String> zones,
                List<Candidate> candidates, Draft draft, String error);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    ReportSchedules schedules;

    @GET
    public TemplateInstance list() {
        return page(tenant.scope(), Draft.empty(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String scope, @RestForm("status") List<String> statuses, @RestForm String diagnosis,
            @RestForm String frequency, @RestForm String dayOfWeek, @RestForm String dayOfMonth, @RestForm String time,
            @RestForm String zone, @RestForm("recipient") List<String> recipients) {
        TenantScope current = tenant.scope();
        Draft draft = new Draft(scope, statuses, diagnosis != null && !diagnosis.isBlank(), frequency, dayOfWeek,
                dayOfMonth, time, zone, recipients);
        try {
            ReportSchedule schedule = schedules.create(current, tenant.displayName(), draft);
            return Flash.redirect("/schedules", "Report scheduled: " + schedule.whenLabel() + ". The first run is on "
                    + schedule.nextRunLabel() + ".");
        } catch (InvalidInputException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(page(current, draft, e.getMessage())).build();
        }
    }

    @POST
    @Path("{id}/pause")
    public Response pause(@PathParam("id") long id) {
        ReportSchedule schedule = schedules.setEnabled(tenant.scope(), tenant.displayName(), id, false);
        return Flash.redirect("/schedules", "Scheduled report " + schedule.id + " is paused: it does not run until resumed.");
    }

    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") long id) {
        ReportSchedule schedule = schedules.setEnabled(tenant.scope(), tenant.displayName(), id, true);
        return Flash.redirect("/schedules", "Scheduled report " + schedule.id + " is resumed: it runs next on "
                + schedule.nextRunLabel() + ".");
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") long id) {
        ReportSchedule schedule = schedules.delete(tenant.scope(), tenant.displayName(), id);
        return Flash.redirect("/schedules", "Scheduled report " + schedule.id
                + " is deleted. The reports it made stay on the Reports page.");
    }

    private TemplateInstance page(TenantScope scope, Draft draft, String error) {
        return Templates.list(scope, schedules.list(scope), Account.inScope(scope), List.of(RegistrationStatus.values()),
                List.of(Frequency.values()), DAYS, TimeZones.CHOICES, schedules.candidates(scope), draft, error);
    }
}
