package io.a2pportal.mail;

import java.util.List;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Dev mode only: the mails the portal has sent (they go to a mock mailbox there), with their links.
 * Built in where {@code portal.dev-mails.enabled} is true at build time: the dev profile only.
 */
@Path("/dev/mails")
@Produces(MediaType.TEXT_HTML)
@IfBuildProperty(name = "portal.dev-mails.enabled", stringValue = "true")
public class DevMailsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<OutboxMail> mails);
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(OutboxMail.latest(100));
    }
}
