package io.a2pportal.web;

import java.net.URI;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The Content-Security-Policy of every response. Its form-action names the login server's origin
 * besides the portal's own: Log out posts a form that the portal answers with a redirect to the
 * login server's sign-out, and a form posted once the session has ended is redirected to its login
 * page; browsers check every redirect of a form submission against form-action, and block those that
 * leave the listed origins, so without it both forms would do nothing. The origin is read when the
 * portal starts, as Dev Services for OIDC only sets the login server's address then.
 */
@ApplicationScoped
public class ContentSecurityPolicy {

    static final String HEADER = "Content-Security-Policy";

    /** After the request id, before authentication, so the login's redirects carry the policy too. */
    private static final int ORDER = 9_000;

    private volatile String policy = policy(Optional.empty());

    void start(@Observes StartupEvent start) {
        policy = policy(ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.auth-server-url", String.class));
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            context.response().putHeader(HEADER, policy);
            context.next();
        }, ORDER);
    }

    static String policy(Optional<String> authServerUrl) {
        String loginOrigin = authServerUrl.map(ContentSecurityPolicy::origin).map(origin -> " " + origin).orElse("");
        return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'"
                + loginOrigin + "; frame-ancestors 'none'; base-uri 'self'";
    }

    /** scheme://host[:port] of an absolute URL. */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("quarkus.oidc.auth-server-url is not an absolute URL: " + url);
        }
        return uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
