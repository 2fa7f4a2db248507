package io.a2pportal.web;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Gives every log line of a request its request id (the ingress's X-Request-ID when it sends a sane
 * one, a new one otherwise) and returns the id to the client, so a user's report of an error can be
 * matched with the log lines of every replica. The tenant is added by CurrentTenant once it is known.
 */
public class RequestLogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String HEADER = "X-Request-ID";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @ServerRequestFilter(preMatching = true)
    public void begin(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setProperty(REQUEST_ID, id);
        MDC.put(REQUEST_ID, id);
    }

    @ServerResponseFilter
    public void end(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(REQUEST_ID);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
