package io.a2pportal.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.accounts.Membership;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.shared.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/**
 * Creating, listing, revoking and checking API tokens. A token belongs to the membership it was made
 * in and sees exactly what that membership sees; removing the membership deletes its tokens.
 */
@ApplicationScoped
public class ApiTokens {

    /** What every token starts with, so that a leaked one is recognisable (secret scanners match on it). */
    public static final String PREFIX = "a2p_";
    public static final List<Integer> EXPIRY_DAYS = List.of(30, 90, 365);
    /** Last use is written at most this often per token, not on every request. */
    static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

    /** A token just made, with its secret to show this once. */
    public record NewToken(ApiToken token, String secret) {
    }

    @Transactional
    public NewToken create(Membership membership, String actor, String name, String days, String access) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new InvalidInputException("Give the token a name of 1 to 100 characters, such as \u201cCI reports\u201d.");
        }
        int expiry = EXPIRY_DAYS.stream().filter(d -> String.valueOf(d).equals(days)).findFirst()
                .orElseThrow(() -> new InvalidInputException("Choose an expiry of 30, 90 or 365 days."));
        if (!"read-only".equals(access) && !"read-write".equals(access)) {
            throw new InvalidInputException("Choose read-only or read-write access.");
        }
        String secret = PREFIX + SecretBox.newSecret();
        ApiToken token = new ApiToken();
        token.membership = Membership.findById(membership.id);
        token.name = trimmed;
        token.prefix = secret.substring(0, PREFIX.length() + 6);
        token.secretHash = SecretBox.hash(secret);
        token.readOnly = "read-only".equals(access);
        token.createdBy = actor;
        token.expiresAt = Instant.now().plus(expiry, ChronoUnit.DAYS);
        token.persist();
        AuditEntry.record(actor, token.membership.account, "api-token.created", "Created API token \u201c" + token.name
                + "\u201d (" + token.prefix + "\u2026, " + token.access() + ", expires in " + expiry + " days)");
        return new NewToken(token, secret);
    }

    @Transactional
    public ApiToken revoke(Membership membership, String actor, long id) {
        ApiToken token = ApiToken.<ApiToken>findByIdOptional(id).filter(t -> t.membership.id.equals(membership.id))
                .orElseThrow(NotFoundException::new);
        if (!token.isRevoked()) {
            token.revokedAt = Instant.now();
            token.revokedBy = actor;
            AuditEntry.record(actor, token.membership.account, "api-token.revoked",
                    "Revoked API token \u201c" + token.name + "\u201d (" + token.prefix + "\u2026)");
        }
        return token;
    }

    /** The usable token a request presents, its last use noted; empty for an unknown, expired or revoked one. */
    @Transactional
    public Optional<ApiToken> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        Optional<ApiToken> found = ApiToken.<ApiToken>find("secretHash", SecretBox.hash(presented)).firstResultOptional()
                .filter(t -> SecretBox.matches(presented, t.secretHash) && t.isUsable());
        found.ifPresent(t -> {
            Instant now = Instant.now();
            if (t.lastUsedAt == null || t.lastUsedAt.isBefore(now.minus(LAST_USE_PRECISION))) {
                t.lastUsedAt = now;
            }
        });
        return found;
    }
}
