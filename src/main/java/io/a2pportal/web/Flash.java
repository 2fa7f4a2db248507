package io.a2pportal.web;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * The one-line message that a POST leaves for the page it redirects to (post-redirect-get). It
 * travels in a short-lived cookie, which {@link FlashCookieCleaner} removes once a page has shown it.
 */
@RequestScoped
@Named("flash")
public class Flash {

    static final String COOKIE = "portal-flash";

    @Inject
    HttpServerRequest request;

    public String message() {
        Cookie cookie = request.getCookie(COOKIE);
        return cookie == null ? null : URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8);
    }

    /** A 303 redirect to a path of the portal that will show the message once. */
    public static Response redirect(String path, String message) {
        NewCookie cookie = new NewCookie.Builder(COOKIE)
                .value(URLEncoder.encode(message, StandardCharsets.UTF_8))
                .path("/")
                .maxAge(120)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        return Response.seeOther(URI.create(path)).cookie(cookie).build();
    }
}
