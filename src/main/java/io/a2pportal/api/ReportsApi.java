package io.a2pportal.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.reports.Report;
import io.a2pportal.reports.ReportGenerator;
import io.a2pportal.reports.ReportKind;
import io.a2pportal.reports.ReportPeriod;
import io.a2pportal.reports.ReportRequests;
import io.a2pportal.reports.ReportRequests.TooManyReportsException;
import io.a2pportal.reports.ReportState;
import io.a2pportal.shared.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** CSV reports (status and what-changed) as the Reports page makes them: requested, followed while generated, downloaded. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsApi {

    /**
     * What to report on: {@code kind} is STATUS (the default) or CHANGES; {@code account} is an
     * account SID of the scope or "all" (the default); {@code statuses} none for all (for a CHANGES
     * report, the statuses changed to); {@code diagnosis} adds the Diagnosis and Remedy columns to a
     * STATUS report; {@code from} and {@code to} are a CHANGES report's period, instants with an
     * offset, the start included and the end excluded.
     */
    public record ReportRequest(String kind, String account, List<String> statuses, boolean diagnosis, String from,
            String to) {
    }

    public record ReportJson(long id, ReportKind kind, ReportState state, int percent, long rowsWritten, Long rowsExpected,
            String scope, List<RegistrationStatus> statuses, boolean diagnosis, Instant from, Instant to, String requestedBy,
            Instant createdAt, Instant finishedAt, Instant expiresAt, String reason, String file) {

        static ReportJson of(Report r) {
            return new ReportJson(r.id, r.kind, r.state, r.percent(), r.rowsWritten, r.rowsExpected, r.scopeLabel(),
                    r.statusList(), r.includeDiagnosis, r.periodFrom, r.periodTo, r.requestedBy, r.createdAt, r.finishedAt,
                    r.expiresAt, r.reason, r.isReady() ? "/api/v1/reports/" + r.id + "/file" : null);
        }
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    ReportRequests requests;

    @Inject
    ReportGenerator files;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(ReportRequest body) {
        ReportRequest request = body == null ? new ReportRequest(null, null, null, false, null, null) : body;
        try {
            // no mail: a script follows the report here (or by a webhook)
            Report report;
            if (kind(request.kind()) == ReportKind.CHANGES) {
                if (request.diagnosis()) {
                    throw new InvalidInputException("A CHANGES report has no diagnosis columns: leave \"diagnosis\" out.");
                }
                report = requests.requestChanges(tenant.scope(), tenant.displayName(), null, request.account(),
                        request.statuses(), ReportPeriod.instants(request.from(), request.to()));
            } else {
                if (request.from() != null || request.to() != null) {
                    throw new InvalidInputException("\"from\" and \"to\" are the period of a CHANGES report: "
                            + "add \"kind\":\"CHANGES\", or leave them out.");
                }
                report = requests.request(tenant.scope(), tenant.displayName(), null, request.account(),
                        request.statuses(), request.diagnosis());
            }
            return Response.accepted(ReportJson.of(report)).location(URI.create("/api/v1/reports/" + report.id)).build();
        } catch (TooManyReportsException e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    @GET
    @Path("{id}")
    public ReportJson report(@PathParam("id") long id) {
        return ReportJson.of(find(id));
    }

    @GET
    @Path("{id}/file")
    @Produces({ "text/csv", MediaType.APPLICATION_JSON })
    public Response file(@PathParam("id") long id) {
        Report report = find(id);
        if (!report.isReady()) {
            throw new ApiException(409, "Report " + id + " is " + report.state.name().toLowerCase(Locale.ROOT)
                    + ", not ready: its file downloads once its state is READY.");
        }
        long reportId = report.id;
        int attempt = report.attempt;
        StreamingOutput csv = out -> files.copyCsv(reportId, attempt, out);
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + report.fileName() + "\"")
                .header("Cache-Control", "no-store").build();
    }

    private static ReportKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return ReportKind.STATUS;
        }
        try {
            return ReportKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("\"kind\" is STATUS or CHANGES, not \"" + kind.strip() + "\".");
        }
    }

    private Report find(long id) {
        return Report.findInScope(tenant.scope(), id).orElseThrow(NotFoundException::new);
    }
}
