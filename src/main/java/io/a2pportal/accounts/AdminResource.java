package io.a2pportal.accounts;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Platform administration: parent accounts and their first owner. */
@Path("/admin/accounts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(CurrentTenant.ADMIN_ROLE)
public class AdminResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance accounts(List<Account> parents, String error);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    AccountAdministration administration;

    @GET
    public TemplateInstance accounts() {
        return Templates.accounts(Account.parents(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String sid, @RestForm String name, @RestForm String notificationEmail,
            @RestForm String ownerEmail) {
        try {
            Account account = administration.createParent(tenant.displayName(), sid, name, notificationEmail, ownerEmail);
            return Flash.redirect("/admin/accounts", "Parent account " + account.name + " created; "
                    + ownerEmail.trim().toLowerCase(java.util.Locale.ROOT) + " is its owner.");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.accounts(Account.parents(), e.getMessage())).build();
        }
    }
}
