package io.a2pportal.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.NoMembershipException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** One place that turns failures into friendly pages that leak nothing of the system. */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    /** Seconds a client is asked to wait while the database is unreachable; the pool reconnects by itself. */
    static final int RETRY_AFTER_SECONDS = 10;

    /** PostgreSQL's states for a server that is shutting down, restarting or not yet accepting connections. */
    private static final Set<String> SERVER_GOING_DOWN = Set.of("57P01", "57P02", "57P03");

    @CheckedTemplate(basePath = "errors")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message, String reference);

        static native TemplateInstance noMembership();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(404, "Not found", "There is nothing here, or it is not part of the accounts you can see.", null);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return page(400, "That did not work", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "Not allowed", "Your role does not allow this. Ask an owner of the account.", null);
    }

    @ServerExceptionMapper
    public Response noMembership(NoMembershipException e) {
        return Response.ok(Templates.noMembership()).type(MediaType.TEXT_HTML_TYPE).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return page(status, "Request not accepted", "The portal could not accept this request (HTTP " + status + ").", null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (databaseUnreachable(e)) {
            // expected during an outage and gone with it: one line per request, not a stack trace
            LOG.warnf("Database unreachable, answering 503: %s", e);
            return Response.fromResponse(page(503, "Temporarily unavailable",
                    "The portal cannot reach its database just now. Nothing was changed. Please try again in a moment.",
                    null)).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        if (poolExhausted(e)) {
            // every connection is in use: the page is answered at once rather than kept waiting
            LOG.warnf("No database connection free in time, answering 503: %s", e);
            return Response.fromResponse(page(503, "Busy just now",
                    "The portal has more requests than it can answer just now. Nothing was changed. Please try again in a"
                            + " moment.",
                    null)).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        return page(500, "Something went wrong", "The portal could not complete this request. Nothing was changed.", reference);
    }

    /**
     * Whether the failure comes from a database that cannot be reached: a refused or broken
     * connection (SQLState class 08, as Hibernate's JDBCConnectionException wraps it), a server
     * shutting down, or no connection to be had from the pool in time.
     */
    static boolean databaseUnreachable(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || SERVER_GOING_DOWN.contains(state))
                        || sql.getCause() instanceof TimeoutException) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether no connection of the pool came free within its acquisition timeout: Agroal says so by
     * a plain SQLException with this message and no SQLState (Hibernate wraps it as "Unable to
     * acquire JDBC Connection").
     */
    static boolean poolExhausted(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
                    && sql.getMessage().startsWith(AGROAL_ACQUISITION_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    private static final String AGROAL_ACQUISITION_TIMEOUT = "Sorry, acquisition timeout";

    private static Response page(int status, String title, String message, String reference) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title, message, reference)).build();
    }
}
