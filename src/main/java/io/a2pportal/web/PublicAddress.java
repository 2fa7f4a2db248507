package io.a2pportal.web;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The portal's public address, for the links in mails and the URLs given to the vendor (the
 * Event Streams sink, whose signature is computed over the URL as the vendor was given it, not the
 * one a request reaches behind a proxy). Set in production ({@code PORTAL_BASE_URL}); dev mode
 * leaves it out, so that it follows the port the portal listens on.
 */
@ApplicationScoped
public class PublicAddress {

    @ConfigProperty(name = "portal.base-url")
    Optional<String> baseUrl;

    @Inject
    HttpServer server;

    /** Production needs the public address: without it mails would send users to localhost. */
    void requireBaseUrlInProduction(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL && baseUrl.isEmpty()) {
            throw new IllegalStateException("Set PORTAL_BASE_URL (portal.base-url), the portal's public address for links in mails");
        }
    }

    /** The address with a path of the portal's appended, e.g. {@code url("/reports/7")}. */
    public String url(String path) {
        String base = baseUrl.orElseGet(() -> "http://localhost:" + server.getPort());
        return base.replaceAll("/+$", "") + path;
    }
}
