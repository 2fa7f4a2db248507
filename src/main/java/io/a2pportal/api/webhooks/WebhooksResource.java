package io.a2pportal.api.webhooks;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.accounts.CurrentTenant;
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

/**
 * The Webhooks pages, for owners: the scope's endpoints, registering one (its signing secret shown
 * once), and each endpoint's page with its delivery log and what can be done with it. See
 * {@link Endpoints} for who may do what.
 */
@Path("/webhooks")
@Produces(MediaType.TEXT_HTML)
public class WebhooksResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(TenantScope scope, List<Endpoint> endpoints, List<EventType> types,
                String url, List<String> chosen, String error);

        static native TemplateInstance endpoint(Endpoint endpoint, List<AttemptLog.Attempt> attempts, long waiting,
                String secret, String error);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    Endpoints endpoints;

    @Inject
    AttemptLog log;

    @GET
    public TemplateInstance list() {
        return list(tenant.scope(), null, List.of(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@RestForm String url, @RestForm("type") List<String> types) {
        TenantScope scope = tenant.scope();
        try {
            Endpoints.WithSecret created = endpoints.register(scope, tenant.displayName(), url, types);
            return shown(created);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(list(scope, url, types, e.getMessage())).build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance endpoint(@PathParam("id") long id) {
        return page(endpoints.find(tenant.scope(), id), null, null);
    }

    @POST
    @Path("{id}/enable")
    public Response enable(@PathParam("id") long id) {
        Endpoint endpoint = endpoints.setEnabled(tenant.scope(), tenant.displayName(), id, true);
        return Flash.redirect("/webhooks/" + id, "The endpoint " + endpoint.url + " is enabled: new events are sent to it.");
    }

    @POST
    @Path("{id}/disable")
    public Response disable(@PathParam("id") long id) {
        Endpoint endpoint = endpoints.setEnabled(tenant.scope(), tenant.displayName(), id, false);
        return Flash.redirect("/webhooks/" + id, "The endpoint " + endpoint.url
                + " is disabled: nothing is sent to it until it is enabled again.");
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") long id) {
        Endpoint endpoint = endpoints.delete(tenant.scope(), tenant.displayName(), id);
        return Flash.redirect("/webhooks", "The endpoint " + endpoint.url + " is deleted, with its delivery log.");
    }

    @POST
    @Path("{id}/secret")
    public Response rollSecret(@PathParam("id") long id) {
        return shown(endpoints.rollSecret(tenant.scope(), tenant.displayName(), id));
    }

    @POST
    @Path("{id}/test")
    public Response sendTest(@PathParam("id") long id) {
        TenantScope scope = tenant.scope();
        try {
            String eventId = endpoints.sendTest(scope, tenant.displayName(), id);
            return Flash.redirect("/webhooks/" + id, "The test event " + eventId
                    + " is on its way; its attempts show in the delivery log below.");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(endpoints.find(scope, id), null, e.getMessage())).build();
        }
    }

    /** The endpoint's page with its new secret on it, not to be kept by any cache. */
    private Response shown(Endpoints.WithSecret created) {
        return Response.ok(page(created.endpoint(), created.secret(), null)).header("Cache-Control", "no-store").build();
    }

    private TemplateInstance list(TenantScope scope, String url, List<String> chosen, String error) {
        return Templates.list(scope, endpoints.list(scope), EventType.all(), url, chosen == null ? List.of() : chosen, error);
    }

    private TemplateInstance page(Endpoint endpoint, String secret, String error) {
        return Templates.endpoint(endpoint, log.latest(endpoint), log.waiting(endpoint), secret, error);
    }
}
