package io.a2pportal.web;

import java.net.URI;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/")
public class HomeResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut();
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/numbers")).build();
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public Response signedOut() {
        // signed out on purpose: a later visit logs in afresh rather than hearing that a session ended
        return Response.ok(Templates.signedOut()).cookie(SessionResource.expired(SessionLifetime.SIGNED_IN_COOKIE, "/")).build();
    }
}
