package io.a2pportal.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.shared.CsvCells;
import io.a2pportal.shared.Formats;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** Uploading status reports and inventory files, their results, and the history of uploads. */
@Path("/uploads")
@Produces(MediaType.TEXT_HTML)
public class UploadsResource {

    static final int SHOWN_ERRORS = 20;
    static final int HISTORY_PAGE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(TenantScope scope, List<Upload> uploads, boolean older, Long olderThan,
                List<UploadKind> kinds, long maxMegabytes, String error);

        static native TemplateInstance show(Upload upload, List<RowError> errors, List<UploadResults.StatusChange> changes,
                java.util.Optional<Upload> earlier);

        static native TemplateInstance changes(Upload upload, RegistrationStatus from, RegistrationStatus to,
                List<UploadResults.ChangedNumber> numbers);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    Uploads uploads;

    @Inject
    UploadResults results;

    @Inject
    UploadsConfig limits;

    @Inject
    DataSource dataSource;

    @GET
    public TemplateInstance index(@QueryParam("refused") String refused, @QueryParam("before") String before) {
        TenantScope scope = tenant.scope();
        // sent here by UploadBodyLimit, with the length of a body too large to be received at all
        String error = refused != null && refused.matches("[0-9]{1,18}") ? tooLarge(Long.parseLong(refused)) : null;
        Upload older = null;
        if (before != null) {
            older = before.matches("[0-9]{1,18}") ? Upload.findInScope(scope, Long.parseLong(before)).orElse(null) : null;
            if (older == null) {
                throw new NotFoundException();
            }
        }
        return page(scope, older, error);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") FileUpload file) throws IOException {
        TenantScope scope = tenant.scope();
        if (file == null || file.fileName() == null || file.fileName().isBlank()) {
            return Response.status(400).entity(page(scope, "Choose a file to upload.")).build();
        }
        long size = Files.size(file.uploadedFile());
        if (size > limits.maxBytes()) {
            return Response.status(400).entity(page(scope, tooLarge(size))).build();
        }
        long id = uploads.receive(scope, tenant.displayName(), file.fileName(), file.uploadedFile(), size);
        return Response.seeOther(java.net.URI.create("/uploads/" + id)).build();
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") long id) {
        Upload upload = Upload.findInScope(tenant.scope(), id).orElseThrow(NotFoundException::new);
        Response.ResponseBuilder response = Response.ok(Templates.show(upload, results.errors(id, SHOWN_ERRORS),
                results.changes(id), upload.state == UploadState.APPLIED ? upload.earlierCopy() : java.util.Optional.empty()));
        if (!upload.state.isSettled()) {
            response.header("Refresh", "2");
        }
        return response.build();
    }

    @GET
    @Path("{id}/changes")
    public TemplateInstance changes(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to) {
        Upload upload = Upload.findInScope(tenant.scope(), id).orElseThrow(NotFoundException::new);
        RegistrationStatus old = from == null || from.isBlank() ? null : RegistrationStatus.parse(from);
        RegistrationStatus next = RegistrationStatus.parse(to);
        return Templates.changes(upload, old, next, results.changedNumbers(id, old == null ? null : old.name(), next.name(), 1000));
    }

    @GET
    @Path("{id}/errors.csv")
    @Produces("text/csv")
    public Response errors(@PathParam("id") long id) {
        Upload upload = Upload.findInScope(tenant.scope(), id).orElseThrow(NotFoundException::new);
        StreamingOutput body = out -> {
            try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    CsvWriter csv = CsvWriter.builder().build(writer)) {
                csv.writeRecord("Line", "Column", "Problem", "PhoneNumber");
                for (RowError error : results.errors(id, Integer.MAX_VALUE)) {
                    csv.writeRecord(Long.toString(error.row()), error.column(), CsvCells.neutralise(error.reason()),
                            phoneCell(error.phoneNumber()));
                }
            }
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"upload-" + upload.id + "-errors.csv\"").build();
    }

    @GET
    @Path("{id}/file")
    @Produces("text/csv")
    public Response file(@PathParam("id") long id) {
        Upload upload = Upload.findInScope(tenant.scope(), id).orElseThrow(NotFoundException::new);
        if (upload.state != UploadState.APPLIED) {
            throw new NotFoundException();
        }
        boolean gzip;
        try (Connection c = dataSource.getConnection()) {
            gzip = StoredFile.storedAsGzip(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read upload " + id, e);
        }
        // the bytes as uploaded, a gzip file still compressed: they have the SHA-256 the page shows
        StreamingOutput body = out -> {
            try (Connection c = dataSource.getConnection(); InputStream in = StoredFile.openUploaded(c, id)) {
                in.transferTo(out);
            } catch (SQLException e) {
                throw new IOException(e);
            }
        };
        String name = upload.fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (gzip && !name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            name += ".gz";
        }
        return Response.ok(body, gzip ? "application/gzip" : "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    @GET
    @Path("templates/inventory.csv")
    @Produces("text/csv")
    public Response inventoryTemplate() {
        String csv = UploadKind.INVENTORY.header() + "\r\n"
                + "AC00000000000000000000000000000000,BN00000000000000000000000000000000,STANDARD,APPROVED,"
                + "CM00000000000000000000000000000000,CUSTOMER_CARE,VERIFIED,MG00000000000000000000000000000000\r\n";
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"inventory-template.csv\"").build();
    }

    private TemplateInstance page(TenantScope scope, String error) {
        return page(scope, null, error);
    }

    /** The upload form and a page of the history, newest first: the latest uploads, or those older than {@code before}. */
    private TemplateInstance page(TenantScope scope, Upload before, String error) {
        List<Upload> shown = Upload.page(scope, before, HISTORY_PAGE + 1);
        boolean more = shown.size() > HISTORY_PAGE;
        if (more) {
            shown = shown.subList(0, HISTORY_PAGE);
        }
        return Templates.index(scope, shown, before != null, more ? shown.get(shown.size() - 1).id : null,
                List.of(UploadKind.values()), limits.maxBytes() >> 20, error);
    }

    /** A bad row's phone number: one in E.164 form as the reports write it, anything else made harmless to a spreadsheet. */
    private static String phoneCell(String phone) {
        if (phone == null) {
            return "";
        }
        return Formats.isE164(phone) ? phone : CsvCells.neutralise(phone);
    }

    private String tooLarge(long size) {
        return "The file is " + megabytes(size) + " MB; the portal accepts files up to " + megabytes(limits.maxBytes())
                + " MB. Compress it with gzip, or split it.";
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

}
