package io.a2pportal.api;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import jakarta.ws.rs.core.Application;

/** The OpenAPI document's bearer scheme, which every endpoint of /api/v1 requires. */
@OpenAPIDefinition(info = @Info(title = "A2P Status Portal API", version = "1"),
        security = @SecurityRequirement(name = ApiDocs.SCHEME))
@SecurityScheme(securitySchemeName = ApiDocs.SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API token made on the portal's API tokens page (a2p_…)")
public class ApiDocs extends Application {

    static final String SCHEME = "token";
}
