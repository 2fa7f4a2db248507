package io.a2pportal.web;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Asks the login server (OIDC max_age) for a login no older than the session's maximum lifetime:
 * otherwise, once a session reached it, the login server's own longer session would sign the user
 * straight back in with the same old login, which the portal would end again at once.
 */
@ApplicationScoped
@Unremovable
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class LoginMaxAge implements OidcRedirectFilter {

    @Inject
    SessionConfig config;

    @Override
    public void filter(OidcRedirectContext context) {
        context.additionalQueryParams().add("max_age", String.valueOf(config.maxLifetime().toSeconds()));
    }
}
