package io.a2pportal.events;

import static io.a2pportal.db.SqlValues.instant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.web.PublicAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/**
 * The owner's side of a tree's Event Streams sink: creating it, its HTTP Basic credentials, and the
 * vendor's auth token of each account, which signs that account's deliveries.
 * <p>
 * Who may do what: only owners. The owner of the whole tree manages the sink and every account's
 * token; the owner of a subaccount sees the sink's URL (to set up their own subaccount) and manages
 * their own account's token only. Anything else answers 404, as for any record outside a scope.
 * <p>
 * Secrets: the generated Basic password is returned once, to be shown once, and only its hash is
 * kept; an auth token is kept sealed with its last four characters as a hint, and never returned.
 */
@ApplicationScoped
public class EventSinks {

    /** The vendor's auth tokens: 32 lower-case hex characters. */
    static final Pattern AUTH_TOKEN = Pattern.compile("[0-9a-f]{32}");

    @Inject
    EntityManager em;

    @Inject
    SecretBox box;

    @Inject
    PublicAddress address;

    @Inject
    SinkEndpoint endpoint;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** A tree's sink as the owner sees it; never its password. */
    public record Sink(String id, String basicUser, Instant createdAt, String createdBy, Instant credentialsSetAt,
            long refused, Instant lastRefusedAt) {
    }

    /** A sink just created or given new credentials, with the password to show this once. */
    public record NewCredentials(Sink sink, String password) {
    }

    /** Whether an account's auth token is set, and its hint. */
    public record Token(long accountId, String hint, Instant setAt, String setBy) {
    }

    /** The scope's owner, or 404: members see nothing of the sink. */
    public static void requireOwner(TenantScope scope) {
        if (!scope.isOwner()) {
            throw new NotFoundException();
        }
    }

    /** The sink of the scope's tree, if it has one. */
    public Optional<Sink> sink(TenantScope scope) {
        requireOwner(scope);
        return sinkOfTree(scope.rootId());
    }

    Optional<Sink> sinkOfTree(long rootId) {
        List<?> rows = em.createNativeQuery("select id, basic_user, created_at, created_by, credentials_set_at, refused, "
                + "last_refused_at from event_sink where root_account_id = ?1").setParameter(1, rootId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] c = (Object[]) rows.get(0);
        return Optional.of(new Sink((String) c[0], (String) c[1], instant(c[2]), (String) c[3], instant(c[4]),
                ((Number) c[5]).longValue(), instant(c[6])));
    }

    /** The URL the vendor is given for the sink (the signature is computed over it). */
    public String url(Sink sink) {
        return address.url("/events/" + sink.id());
    }

    /** The same URL with the Basic credentials in its user info, as the vendor sends them on every request. */
    public String urlWithCredentials(Sink sink, String password) {
        String url = url(sink);
        int afterScheme = url.indexOf("://") + 3;
        return url.substring(0, afterScheme) + sink.basicUser() + ":" + password + "@" + url.substring(afterScheme);
    }

    /** Creates the tree's sink; the whole tree's owner only. */
    @Transactional
    public NewCredentials create(TenantScope scope, String actor) {
        requireTreeOwner(scope);
        if (sinkOfTree(scope.rootId()).isPresent()) {
            throw new InvalidInputException("This account tree already has a sink. Generate new credentials instead.");
        }
        String password = SecretBox.newSecret();
        em.createNativeQuery("insert into event_sink (id, root_account_id, basic_user, basic_password_hash, created_by) "
                + "values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, SecretBox.newId(18)).setParameter(2, scope.rootId()).setParameter(3, newUser())
                .setParameter(4, SecretBox.hash(password)).setParameter(5, actor).executeUpdate();
        Sink sink = sinkOfTree(scope.rootId()).orElseThrow();
        AuditEntry.record(actor, root(scope), "sink.created", "Created the Event Streams sink " + sink.id());
        return new NewCredentials(sink, password);
    }

    /** New Basic credentials for the sink; the old ones stop working at once. */
    @Transactional
    public NewCredentials regenerate(TenantScope scope, String actor) {
        requireTreeOwner(scope);
        Sink old = sinkOfTree(scope.rootId()).orElseThrow(NotFoundException::new);
        String password = SecretBox.newSecret();
        em.createNativeQuery("update event_sink set basic_user = ?1, basic_password_hash = ?2, credentials_set_at = now() "
                + "where id = ?3").setParameter(1, newUser()).setParameter(2, SecretBox.hash(password)).setParameter(3, old.id())
                .executeUpdate();
        AuditEntry.record(actor, root(scope), "sink.credentials",
                "Generated new Basic credentials for the Event Streams sink (the old ones no longer work)");
        credentialsChanged(scope.rootId());
        return new NewCredentials(sinkOfTree(scope.rootId()).orElseThrow(), password);
    }

    /** The tokens set for the accounts of the scope. */
    public List<Token> tokens(TenantScope scope) {
        requireOwner(scope);
        String sql = "select t.account_id, t.hint, t.set_at, t.set_by from account_auth_token t join account a on a.id = t.account_id "
                + "where a.root_id = ?1" + (scope.accountId() == null ? "" : " and a.id = ?2");
        var query = em.createNativeQuery(sql).setParameter(1, scope.rootId());
        if (scope.accountId() != null) {
            query.setParameter(2, scope.accountId());
        }
        return ((List<?>) query.getResultList()).stream().map(row -> (Object[]) row)
                .map(c -> new Token(((Number) c[0]).longValue(), (String) c[1], instant(c[2]), (String) c[3])).toList();
    }

    /** Sets or replaces an account's auth token, kept sealed; returns the account. */
    @Transactional
    public Account setToken(TenantScope scope, String actor, String accountSid, String token) {
        Account account = accountInScope(scope, accountSid);
        String value = token == null ? "" : token.trim();
        if (!AUTH_TOKEN.matcher(value).matches()) {
            throw new InvalidInputException("An auth token is 32 characters, digits and the letters a to f (lower case),"
                    + " as the vendor's Console shows it under Account Info.");
        }
        boolean replaced = em.createNativeQuery("select 1 from account_auth_token where account_id = ?1")
                .setParameter(1, account.id).getResultList().size() > 0;
        em.createNativeQuery("insert into account_auth_token (account_id, key_id, sealed, hint, set_by) values (?1, ?2, ?3, ?4, ?5) "
                + "on conflict (account_id) do update set key_id = excluded.key_id, sealed = excluded.sealed, hint = excluded.hint, "
                + "set_at = now(), set_by = excluded.set_by")
                .setParameter(1, account.id).setParameter(2, box.keyId()).setParameter(3, box.seal(value))
                .setParameter(4, value.substring(value.length() - 4)).setParameter(5, actor).executeUpdate();
        AuditEntry.record(actor, account, replaced ? "auth-token.replaced" : "auth-token.set",
                (replaced ? "Replaced" : "Set") + " the auth token of " + account.name + " for live updates");
        credentialsChanged(scope.rootId());
        return account;
    }

    /** Removes an account's auth token: its signed deliveries are refused from now on. */
    @Transactional
    public Account removeToken(TenantScope scope, String actor, String accountSid) {
        Account account = accountInScope(scope, accountSid);
        int removed = em.createNativeQuery("delete from account_auth_token where account_id = ?1").setParameter(1, account.id)
                .executeUpdate();
        if (removed == 0) {
            throw new InvalidInputException("No auth token is set for " + account.name + ".");
        }
        AuditEntry.record(actor, account, "auth-token.removed", "Removed the auth token of " + account.name);
        credentialsChanged(scope.rootId());
        return account;
    }

    /** The auth token of an account of a tree, opened; for signing as the vendor would (the simulator). */
    Optional<String> openToken(long accountId) {
        List<?> rows = em.createNativeQuery("select key_id, sealed from account_auth_token where account_id = ?1")
                .setParameter(1, accountId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] c = (Object[]) rows.get(0);
        return Optional.of(box.open((String) c[0], (byte[]) c[1]));
    }

    /**
     * Once the change commits, this instance's sink stops accepting the old credentials at once
     * (other instances when their few seconds' memory of them runs out).
     */
    private void credentialsChanged(long rootId) {
        sinkOfTree(rootId).ifPresent(sink -> transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                endpoint.credentialsChanged(sink.id());
            }
        }));
    }

    private static Account accountInScope(TenantScope scope, String sid) {
        requireOwner(scope);
        return Account.findInScope(scope, sid == null ? "" : sid.trim()).orElseThrow(NotFoundException::new);
    }

    private static void requireTreeOwner(TenantScope scope) {
        if (!scope.isOwner() || !scope.isWholeTree()) {
            throw new NotFoundException();
        }
    }

    private static Account root(TenantScope scope) {
        return Account.findById(scope.rootId());
    }

    private static String newUser() {
        return "portal-" + SecretBox.newId(6);
    }
}
