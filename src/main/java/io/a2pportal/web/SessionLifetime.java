package io.a2pportal.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.inject.Inject;

/**
 * The OIDC login with what happens when a session ends. Quarkus OIDC keeps the session alive while the
 * user works (it refreshes the tokens) and drops it after portal.session.idle without a request; this
 * mechanism also ends it portal.session.max-lifetime after the user logged in. Once it has ended, the
 * OIDC challenge (a redirect to the login server) would leave the user without a word, and would lose
 * a form they posted, so instead:
 * <ul>
 * <li>a page of a browser that was logged in goes through the login as before, and the page after it
 * says that the session had ended (a flash message);</li>
 * <li>a posted form goes there too, its fields kept in a {@link SessionDraft} cookie, so that once
 * logged in again the user can send it as it was (a file upload cannot be kept: the page says so);</li>
 * <li>an htmx request gets 401 with HX-Redirect, so htmx loads the whole page, which takes the way above.</li>
 * </ul>
 */
@ApplicationScoped
public class SessionLifetime implements HttpAuthenticationMechanism {

    /** A browser-session cookie saying that this browser has been logged in; the session-ended page and sign-out clear it. */
    public static final String SIGNED_IN_COOKIE = "portal-signed-in";
    public static final String ENDED_PATH = "/session-ended";
    /** How much later than the login server the session ends at its maximum lifetime (see pastMaxLifetime). */
    static final Duration LOGIN_SERVER_MARGIN = Duration.ofSeconds(5);
    /** Time enough to log in at the login server. */
    static final int FLASH_SECONDS = 900;

    @Inject
    OidcAuthenticationMechanism oidc;

    @Inject
    SessionConfig config;

    /** The CSRF cookie and form field, as the CSRF filter names them. */
    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name")
    String csrfCookie;

    @ConfigProperty(name = "quarkus.rest-csrf.form-field-name")
    String csrfField;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return oidc.authenticate(context, identityProviderManager).onItemOrFailure().transformToUni((identity, failure) -> {
            // the OIDC mechanism names itself as the one to challenge a request it has seen; the challenge is this one's
            context.put(HttpAuthenticationMechanism.class.getName(), this);
            if (failure != null) {
                return Uni.createFrom().failure(failure);
            }
            if (identity == null) {
                return Uni.createFrom().nullItem();
            }
            if (pastMaxLifetime(identity)) {
                endSession(context);
                return Uni.createFrom().failure(new AuthenticationFailedException("the session's maximum lifetime has passed"));
            }
            if (context.request().getCookie(SIGNED_IN_COOKIE) == null) {
                context.response().addCookie(cookie(SIGNED_IN_COOKIE, "1", "/"));
            }
            return Uni.createFrom().item(identity);
        });
    }

    /**
     * True when the login (the ID token's auth_time, kept across refreshes) is older than the maximum lifetime.
     * A token without auth_time (the dev login sends none) has no login time to go by: getClaim and containsClaim
     * would take it for 0, the epoch, and end every session at once.
     */
    private boolean pastMaxLifetime(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || !token.getClaimNames().contains("auth_time")) {
            return false;
        }
        Object authTime = token.getClaim("auth_time");
        long seconds;
        if (authTime instanceof Number number) {
            seconds = number.longValue();
        } else if (authTime instanceof JsonNumber number) {
            seconds = number.longValue();
        } else {
            return false;
        }
        // The login server, asked for max_age, compares whole seconds, and its clock may differ a little from
        // ours: the session ends a few seconds after it would ask for the password again, so that the login
        // it is sent to is a real one, never a silent sign-in that this check would end again (a redirect loop).
        return Instant.ofEpochSecond(seconds).plus(config.maxLifetime()).plus(LOGIN_SERVER_MARGIN).isBefore(Instant.now());
    }

    /** Drops Quarkus OIDC's session cookie (in all its chunks), so the next request starts a new login. */
    private static void endSession(RoutingContext context) {
        for (Cookie cookie : context.request().cookies()) {
            if (cookie.getName().startsWith("q_session")) {
                context.response().addCookie(cookie(cookie.getName(), "", "/").setMaxAge(0));
            }
        }
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        HttpServerRequest request = context.request();
        if ("/logout".equals(request.path())) {
            // nothing left to sign out of
            return Uni.createFrom().item(redirect(303, "/signed-out"));
        }
        if (request.getHeader("HX-Request") != null) {
            return Uni.createFrom().item(new ChallengeData(401, "HX-Redirect", htmxTarget(request)));
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            String back = localPath(request.getHeader("Referer"));
            return postedForm(request).map(fields -> {
                keepDraft(context, fields, back);
                return redirect(303, ENDED_PATH + "?posted=true&then=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            });
        }
        if (request.getCookie(SIGNED_IN_COOKIE) != null) {
            // the login server's page cannot say it: the page after the login does
            String message = "Your session had ended (a session ends after " + SessionResource.words(config.idle())
                    + " without activity, and " + SessionResource.words(config.maxLifetime()) + " after you logged in), so you logged in again.";
            context.response().addCookie(cookie(Flash.COOKIE, URLEncoder.encode(message, StandardCharsets.UTF_8), "/").setMaxAge(FLASH_SECONDS));
        }
        return oidc.getChallenge(context);
    }

    /** The page htmx should load: the one it asked for when that is a page (filters), the one it is on when a part of it. */
    private static String htmxTarget(HttpServerRequest request) {
        String current = localPath(request.getHeader("HX-Current-URL"));
        boolean samePage = URI.create(current).getPath().equals(request.path());
        return request.method() == HttpMethod.GET && samePage ? request.uri() : current;
    }

    /** The fields of a posted URL-encoded form; none for any other body (a file upload). */
    private static Uni<MultiMap> postedForm(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return Uni.createFrom().item(MultiMap.caseInsensitiveMultiMap());
        }
        if (request.isEnded()) {
            return Uni.createFrom().item(request.formAttributes());
        }
        request.setExpectMultipart(true);
        return Uni.createFrom().<MultiMap> emitter(emitter -> {
            request.endHandler(end -> emitter.complete(request.formAttributes()));
            request.exceptionHandler(failure -> emitter.complete(MultiMap.caseInsensitiveMultiMap()));
            request.resume();
        });
    }

    /**
     * Keeps the fields for after the login, when the form carried this browser's CSRF token: a form
     * another site posted here is not offered to the user to send.
     */
    private void keepDraft(RoutingContext context, MultiMap form, String back) {
        Cookie csrf = context.request().getCookie(csrfCookie);
        String token = form.get(csrfField);
        if (csrf == null || token == null
                || !MessageDigest.isEqual(csrf.getValue().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        List<SessionDraft.Field> fields = new ArrayList<>();
        form.forEach(field -> {
            if (!csrfField.equals(field.getKey())) {
                fields.add(new SessionDraft.Field(field.getKey(), field.getValue()));
            }
        });
        String encoded = new SessionDraft(context.request().uri(), back, fields).encoded();
        if (encoded.length() <= SessionDraft.MAX_COOKIE_CHARS) {
            context.response().addCookie(cookie(SessionDraft.COOKIE, encoded, SessionDraft.COOKIE_PATH).setMaxAge(3600));
        }
    }

    /** The path and query of a URL of this portal; the home page for anything else. */
    static String localPath(String url) {
        if (url == null) {
            return "/numbers";
        }
        try {
            URI uri = URI.create(url);
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return SessionDraft.isLocalPath(path) ? path : "/numbers";
        } catch (IllegalArgumentException notAUrl) {
            return "/numbers";
        }
    }

    static Cookie cookie(String name, String value, String path) {
        return Cookie.cookie(name, value).setPath(path).setHttpOnly(true).setSameSite(CookieSameSite.LAX);
    }

    private static ChallengeData redirect(int status, String location) {
        return new ChallengeData(status, "Location", location);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    @Override
    public int getPriority() {
        // asked before the OIDC mechanism, which it wraps
        return oidc.getPriority() + 1;
    }
}
