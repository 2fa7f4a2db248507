package io.a2pportal.api;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The user's API tokens for the scope they work in: made, shown once, listed with their last use, revoked. */
@Path("/tokens")
@Produces(MediaType.TEXT_HTML)
public class ApiTokensResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(TenantScope scope, List<ApiToken> tokens, List<Integer> expiries,
                ApiTokens.NewToken created, String error);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    ApiTokens tokens;

    @GET
    public TemplateInstance list() {
        return page(null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name, @RestForm String days, @RestForm String access) {
        Membership membership = membership();
        try {
            ApiTokens.NewToken created = tokens.create(membership, tenant.displayName(), name, days, access);
            // the secret is on this one response: no cache may keep it
            return Response.ok(page(created, null)).header("Cache-Control", "no-store").build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(null, e.getMessage())).build();
        }
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id) {
        ApiToken token = tokens.revoke(membership(), tenant.displayName(), id);
        return Flash.redirect("/tokens", "The token \u201c" + token.name + "\u201d no longer works.");
    }

    private Membership membership() {
        tenant.scope();
        return tenant.active();
    }

    private TemplateInstance page(ApiTokens.NewToken created, String error) {
        TenantScope scope = tenant.scope();
        return Templates.tokens(scope, ApiToken.of(tenant.active()), ApiTokens.EXPIRY_DAYS, created, error);
    }
}
