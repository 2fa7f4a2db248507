package io.a2pportal.web;

import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.NoMembershipException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** One place that turns failures into friendly pages that leak nothing of the system. */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

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
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        return page(500, "Something went wrong", "The portal could not complete this request. Nothing was changed.", reference);
    }

    private static Response page(int status, String title, String message, String reference) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title, message, reference)).build();
    }
}
