package io.a2pportal.mail;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Dev mode only: the mails the portal has sent to the logged-in user (they go to a mock mailbox
 * there), with their links. Other users' mails stay hidden: they name accounts and reports of
 * other tenants. Built in where {@code portal.dev-mails.enabled} is true at build time: the dev
 * profile only.
 */
@Path("/dev/mails")
@Produces(MediaType.TEXT_HTML)
@IfBuildProperty(name = "portal.dev-mails.enabled", stringValue = "true")
public class DevMailsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<OutboxMail> mails, String recipient);
    }

    @Inject
    SecurityIdentity identity;

    @GET
    public TemplateInstance list() {
        String recipient = loginEmail();
        return Templates.list(recipient == null ? List.of() : OutboxMail.latestTo(recipient, 100), recipient);
    }

    /**
     * The login's email, as the portal matches memberships by it: none when the identity provider
     * says it is unverified. Read here from the token, as mail sits below the accounts feature.
     */
    private String loginEmail() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("email") != null) {
            Object verified = token.getClaim("email_verified");
            if (!"false".equals(String.valueOf(verified))) {
                return token.<String> getClaim("email").trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
