package io.a2pportal.accounts;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The account tree in scope, its members, and (for owners) managing them. */
@Path("/accounts")
@Produces(MediaType.TEXT_HTML)
public class AccountsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(TenantScope scope, List<Account> accounts, List<Membership> members,
                List<Role> roles, String error);

        static native TemplateInstance audit(TenantScope scope, List<AuditEntry> entries);

        static native TemplateInstance confirmRemoval(Membership member);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    AccountAdministration administration;

    @GET
    public TemplateInstance overview() {
        return page(tenant.scope(), null);
    }

    @POST
    @Path("subaccounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addSubaccount(@RestForm String sid, @RestForm String name) {
        TenantScope scope = tenant.scope();
        try {
            Account sub = administration.addSubaccount(scope, tenant.displayName(), sid, name);
            return Flash.redirect("/accounts", "Subaccount " + sub.name + " added.");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, e.getMessage())).build();
        }
    }

    @POST
    @Path("members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@RestForm String account, @RestForm String email, @RestForm String role) {
        TenantScope scope = tenant.scope();
        try {
            Membership membership = administration.invite(scope, tenant.displayName(), account, email, role);
            return Flash.redirect("/accounts", membership.email + " can now sign in and see " + membership.account.name + ".");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, e.getMessage())).build();
        }
    }

    /** The confirmation step before a removal, so that no single click takes someone's access away. */
    @GET
    @Path("members/{id}/remove")
    public TemplateInstance confirmRemoval(@PathParam("id") long id) {
        return Templates.confirmRemoval(administration.removable(tenant.scope(), id));
    }

    @POST
    @Path("members/{id}/remove")
    public Response remove(@PathParam("id") long id) {
        TenantScope scope = tenant.scope();
        try {
            Membership removed = administration.remove(scope, tenant.displayName(), id);
            return Flash.redirect("/accounts", removed.who() + " no longer has access to " + removed.account.name + ".");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, e.getMessage())).build();
        }
    }

    @GET
    @Path("audit")
    public TemplateInstance audit() {
        TenantScope scope = tenant.scope();
        if (!scope.isOwner()) {
            throw new ForbiddenException();
        }
        return Templates.audit(scope, AuditEntry.latest(scope, 200));
    }

    private static TemplateInstance page(TenantScope scope, String error) {
        return Templates.overview(scope, Account.inScope(scope), Membership.sharing(scope), List.of(Role.values()), error);
    }
}
