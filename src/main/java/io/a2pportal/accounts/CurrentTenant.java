package io.a2pportal.accounts;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import io.a2pportal.shared.NoMembershipException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The logged-in user and the scope they are working in, built once per request from the login and
 * the portal's memberships. A user with several memberships picks one; the choice is kept in a cookie
 * and only ever selects among the user's own memberships.
 */
@RequestScoped
@Named("tenant")
public class CurrentTenant {

    public static final String SCOPE_COOKIE = "portal-scope";
    public static final String ADMIN_ROLE = "portal-admin";
    public static final String TENANT_LOG_KEY = "accountSid";

    @Inject
    SecurityIdentity identity;

    @Inject
    HttpServerRequest request;

    private boolean loaded;
    private List<Membership> memberships = List.of();
    private Membership active;
    /** Who acts, when the request was authenticated by other means than the login (an API token). */
    private String actor;

    /**
     * Makes this request work as the given membership alone, as a request authenticated by an API
     * token does: the scope is the membership's, whatever the login or the scope cookie say.
     */
    public void actAs(Membership membership, String actorName) {
        loaded = true;
        actor = actorName;
        memberships = List.of(membership);
        active = membership;
        MDC.put(TENANT_LOG_KEY, active.account.sid);
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (identity.isAnonymous()) {
            return;
        }
        memberships = Membership.forUser(email(), subject());
        if (memberships.isEmpty()) {
            return;
        }
        active = memberships.get(0);
        Cookie chosen = request.getCookie(SCOPE_COOKIE);
        if (chosen != null) {
            for (Membership membership : memberships) {
                if (String.valueOf(membership.id).equals(chosen.getValue())) {
                    active = membership;
                }
            }
        }
        // every later log line of this request names the tenant it works for
        MDC.put(TENANT_LOG_KEY, active.account.sid);
    }

    /** The scope of the current request; a user with no membership gets the explanatory page instead. */
    public TenantScope scope() {
        load();
        if (active == null) {
            throw new NoMembershipException();
        }
        return TenantScope.of(active);
    }

    public boolean hasMembership() {
        load();
        return active != null;
    }

    public List<Membership> memberships() {
        load();
        return memberships;
    }

    public Membership active() {
        load();
        return active;
    }

    public boolean isAdmin() {
        return !identity.isAnonymous() && identity.hasRole(ADMIN_ROLE);
    }

    public boolean isLoggedIn() {
        return !identity.isAnonymous();
    }

    /** The login's email, only when the identity provider has not said that it is unverified. */
    public String email() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object verified = token.getClaim("email_verified");
            String email = token.getClaim("email");
            if (email == null || Boolean.FALSE.equals(verified) || "false".equals(String.valueOf(verified))) {
                return null;
            }
            return email.trim().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    public String subject() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** How the user is named on pages and in the audit log. */
    public String displayName() {
        if (actor != null) {
            return actor;
        }
        String email = email();
        if (email != null) {
            return email;
        }
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }
}
