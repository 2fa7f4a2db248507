package io.a2pportal.web;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every log line of a request its request id (the ingress's X-Request-ID when it sends a sane
 * one, a new one otherwise) and returns the id to the client, so a user's report of an error can be
 * matched with the log lines of every replica. It runs before the login checks, so their lines carry
 * the id too. The tenant is added by CurrentTenant once it is known.
 */
@ApplicationScoped
public class RequestLogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String HEADER = "X-Request-ID";

    /** Before CORS, authentication and everything else. */
    private static final int FIRST = 10_000;

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String given = context.request().getHeader(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            // kept in the request's Vert.x context, so it follows the request onto worker threads
            MDC.put(REQUEST_ID, id);
            context.response().putHeader(HEADER, id);
            context.next();
        }, FIRST);
    }
}
