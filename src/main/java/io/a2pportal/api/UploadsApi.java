package io.a2pportal.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.uploads.RowError;
import io.a2pportal.uploads.Upload;
import io.a2pportal.uploads.UploadKind;
import io.a2pportal.uploads.UploadResults;
import io.a2pportal.uploads.UploadState;
import io.a2pportal.uploads.Uploads;
import io.a2pportal.uploads.UploadsConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Uploads as the Uploads page takes them: a CSV sent, validated whole and applied whole; its result, changes and errors. */
@jakarta.ws.rs.Path("/api/v1/uploads")
@Produces(MediaType.APPLICATION_JSON)
public class UploadsApi {

    static final int SHOWN_ERRORS = 100;

    public record ChangeJson(RegistrationStatus from, RegistrationStatus to, long count) {
    }

    public record ErrorJson(long line, String column, String problem, String phoneNumber) {
    }

    public record UploadJson(long id, UploadKind kind, String fileName, long sizeBytes, String sha256, UploadState state,
            boolean settled, String message, String uploadedBy, Instant uploadedAt, Instant finishedAt, long rowsRead,
            long added, long updated, long unchanged, long statusChanges, long campaignChanges, long serviceChanges,
            long accountChanges, long errorCount, List<ChangeJson> changes, List<ErrorJson> errors) {
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    Uploads uploads;

    @Inject
    UploadResults results;

    @Inject
    UploadsConfig limits;

    /** The file is the request's body, as uploaded (CSV, or gzip-compressed CSV); {@code name} names it in the history. */
    @POST
    @Consumes({ "text/csv", "application/gzip", MediaType.APPLICATION_OCTET_STREAM })
    public Response upload(InputStream body, @QueryParam("name") @DefaultValue("api-upload.csv") String name)
            throws IOException {
        TenantScope scope = tenant.scope();
        Path file = Files.createTempFile("api-upload", ".bin");
        try {
            long size;
            try (InputStream in = body) {
                size = Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (size == 0) {
                throw new ApiException(400, "The body is empty: send the CSV file as the request's body.");
            }
            if (size > limits.maxBytes()) {
                throw new ApiException(413, "The file is " + size + " bytes; the portal takes files up to "
                        + limits.maxBytes() + " bytes.");
            }
            String fileName = name.isBlank() ? "api-upload.csv" : name.strip();
            long id = uploads.receive(scope, tenant.displayName(), fileName, file, size);
            return Response.accepted(json(find(id))).location(URI.create("/api/v1/uploads/" + id)).build();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @GET
    @jakarta.ws.rs.Path("{id}")
    public UploadJson upload(@PathParam("id") long id) {
        return json(find(id));
    }

    private Upload find(long id) {
        return Upload.findInScope(tenant.scope(), id).orElseThrow(NotFoundException::new);
    }

    private UploadJson json(Upload u) {
        List<ChangeJson> changes = results.changes(u.id).stream().map(c -> new ChangeJson(c.from(), c.to(), c.count())).toList();
        List<ErrorJson> errors = results.errors(u.id, SHOWN_ERRORS).stream()
                .map((RowError e) -> new ErrorJson(e.row(), e.column(), e.reason(), e.phoneNumber())).toList();
        return new UploadJson(u.id, u.kind, u.fileName, u.sizeBytes, u.digestRecorded() ? u.sha256 : null, u.state,
                u.state.isSettled(), u.message, u.uploadedBy, u.uploadedAt, u.finishedAt, u.rowsRead, u.added, u.updated,
                u.unchanged, u.statusChanges, u.campaignChanges, u.serviceChanges, u.accountChanges, u.errorCount, changes,
                errors);
    }
}
