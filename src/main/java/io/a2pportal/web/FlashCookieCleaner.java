package io.a2pportal.web;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.NewCookie;

/** Expires the flash cookie once a page (not a redirect) has been rendered with it. */
public class FlashCookieCleaner {

    @ServerResponseFilter
    public void clear(HttpServerRequest request, ContainerResponseContext response) {
        if (request.getCookie(Flash.COOKIE) != null && response.getStatus() < 300) {
            response.getHeaders().add("Set-Cookie",
                    new NewCookie.Builder(Flash.COOKIE).value("").path("/").maxAge(0).httpOnly(true).build());
        }
    }
}
