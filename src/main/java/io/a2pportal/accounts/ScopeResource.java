package io.a2pportal.accounts;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.web.Flash;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** Switches between the user's own memberships. */
@Path("/scope")
public class ScopeResource {

    @Inject
    CurrentTenant tenant;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response switchTo(@RestForm String membership) {
        Membership chosen = tenant.memberships().stream()
                .filter(m -> String.valueOf(m.id).equals(membership))
                .findFirst()
                .orElseThrow(NotFoundException::new);
        Response redirect = Flash.redirect("/numbers", "Now working in " + chosen.account.name + ".");
        NewCookie cookie = new NewCookie.Builder(CurrentTenant.SCOPE_COOKIE).value(String.valueOf(chosen.id)).path("/")
                .httpOnly(true).sameSite(NewCookie.SameSite.LAX).build();
        return Response.fromResponse(redirect).cookie(cookie).build();
    }
}
