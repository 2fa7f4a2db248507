package io.a2pportal.reports;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** CSV status reports. Requesting one is not available yet: the page says so. */
@Path("/reports")
@Produces(MediaType.TEXT_HTML)
public class ReportsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance request(TenantScope scope);
    }

    @Inject
    CurrentTenant tenant;

    @GET
    @Path("new")
    public TemplateInstance request() {
        return Templates.request(tenant.scope());
    }
}
