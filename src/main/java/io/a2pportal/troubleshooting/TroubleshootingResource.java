package io.a2pportal.troubleshooting;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The troubleshooting summary of the current scope: numbers per diagnosis, accounts that need work first. */
@Path("/troubleshooting")
@Produces(MediaType.TEXT_HTML)
public class TroubleshootingResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance summary(TenantScope scope, Summary summary);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    Diagnoses diagnoses;

    @GET
    public TemplateInstance summary() {
        TenantScope scope = tenant.scope();
        return Templates.summary(scope, diagnoses.summarize(scope));
    }
}
