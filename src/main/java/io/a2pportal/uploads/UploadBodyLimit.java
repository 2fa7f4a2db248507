package io.a2pportal.uploads;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * An upload larger than the HTTP body limit ({@code quarkus.http.limits.max-body-size}) would be
 * refused by Quarkus with an empty 413 before the portal sees it. This sends the browser back to
 * the upload page instead, which says how large the file is and what the portal accepts, as it does
 * for a file over {@code portal.uploads.max-bytes}. Like Quarkus's own check, it goes by the
 * declared length and closes the connection rather than reading the body.
 */
@ApplicationScoped
public class UploadBodyLimit {

    /** Before Quarkus's body size check, after the request id is set. */
    private static final int PRIORITY = 9_000;

    /** Bodies up to this size are read to their end, and dropped; larger ones have their connection closed. */
    private static final long DRAINED_AT_MOST = 1L << 30;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        filters.register(context -> {
            String length = context.request().getHeader("Content-Length");
            if (context.request().method() == HttpMethod.POST && "/uploads".equals(context.normalizedPath()) && length != null
                    && length.matches("[0-9]{1,18}") && Long.parseLong(length) > limit) {
                long declared = Long.parseLong(length);
                var response = context.response().setStatusCode(303).putHeader("Location", "/uploads?refused=" + declared)
                        .putHeader("Content-Type", "text/html; charset=utf-8");
                if (declared > DRAINED_AT_MOST) {
                    // not worth reading: as Quarkus does, the connection is closed (a browser may then show an error of its own)
                    response.putHeader("Connection", "close").endHandler(ignored -> context.request().connection().close());
                } else {
                    // read and dropped, so that the browser, still sending, sees the answer rather than a reset connection
                    context.request().handler(ignored -> {
                    });
                }
                response.end("<!doctype html><title>File too large</title><p>The file is too large. "
                        + "<a href=\"/uploads?refused=" + declared + "\">Back to the upload page</a></p>");
                return;
            }
            context.next();
        }, PRIORITY);
    }
}
