package io.a2pportal.api;

import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.shared.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Bearer tokens for {@code /api/v1}, and nothing else: the pages keep the login. The paths are let
 * through the login (application.properties) and the forms' CSRF check, which a request without the
 * portal's cookies needs no protection from; a valid token makes the request work as its membership
 * through {@link CurrentTenant}, the one place every scope comes from. Every error of the API is
 * problem details.
 */
public class ApiAuthentication {

    public static final String PATH = "/api/v1/";

    @Inject
    CurrentTenant tenant;

    @Inject
    ApiTokens tokens;

    @Inject
    RateLimiter limiter;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!isApi(request)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("Send an API token as \u201cAuthorization: Bearer a2p_\u2026\u201d."));
        }
        Optional<ApiToken> found = tokens.authenticate(header.substring(7).strip());
        if (found.isEmpty()) {
            return Optional.of(unauthorized("The token is unknown, expired or revoked, or its membership has ended."));
        }
        ApiToken token = found.get();
        long wait = limiter.acquire(token.id);
        if (wait > 0) {
            return Optional.of(Response.fromResponse(Problem.response(429, "Too many requests",
                    "This token made more requests than it may in a minute. Try again in " + wait + " s."))
                    .header(HttpHeaders.RETRY_AFTER, wait).build());
        }
        boolean reads = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (token.readOnly && !reads) {
            return Optional.of(Problem.response(403, "Read-only token", "This token may only read; make a read-write token to change anything."));
        }
        tenant.actAs(token.membership, "API token \u201c" + token.name + "\u201d of " + token.createdBy);
        return Optional.empty();
    }

    /** Any error of an API request, however it came about (a page's mapper included), as problem details. */
    @ServerResponseFilter
    public void problems(ContainerRequestContext request, ContainerResponseContext response, Throwable failure) {
        if (!isApi(request) || response.getStatus() < 400 || response.getEntity() instanceof Problem) {
            return;
        }
        int status = response.getStatus();
        String detail = failure instanceof InvalidInputException || failure instanceof ApiException ? failure.getMessage()
                : status == 404 ? "There is nothing here, or it is not part of the accounts this token can see."
                : status >= 500 ? "The portal could not complete this request. Nothing was changed."
                : "The portal could not accept this request (HTTP " + status + ").";
        Response.Status known = Response.Status.fromStatusCode(status);
        response.setEntity(new Problem("about:blank", known == null ? "Error" : known.getReasonPhrase(), status, detail),
                null, MediaType.valueOf(Problem.MEDIA_TYPE));
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Problem.response(e.status, Response.Status.fromStatusCode(e.status).getReasonPhrase(), e.getMessage());
    }

    /**
     * The CSRF check passes a request that is no form (quarkus.rest-csrf.require-form-url-encoded=false),
     * for the API's JSON and CSV bodies; everywhere else a change still has to come as a form, which
     * carries the token, as before.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 1)
    public Optional<Response> formsOnly(ContainerRequestContext request) {
        String method = request.getMethod();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return Optional.empty();
        }
        MediaType type = request.getMediaType();
        if (isApi(request)) {
            return type != null ? Optional.empty()
                    : Optional.of(Problem.response(415, "Unsupported Media Type", "Send a Content-Type with the body."));
        }
        boolean form = type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
        return form ? Optional.empty() : Optional.of(Response.status(400).build());
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.response(401, "Unauthorized", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    static boolean isApi(ContainerRequestContext request) {
        return ("/" + request.getUriInfo().getPath()).replace("//", "/").startsWith(PATH);
    }
}
