package io.a2pportal.api;

import java.time.Instant;
import java.util.List;

import io.a2pportal.accounts.Membership;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An API token: its secret is kept only as a hash; it works as its membership, read-only or read-write. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "membership_id")
    public Membership membership;

    public String name;

    /** The first characters of the token, which its owner recognises it by. */
    public String prefix;

    public String secretHash;

    public boolean readOnly;

    public Instant createdAt = Instant.now();

    public String createdBy;

    public Instant expiresAt;

    public Instant lastUsedAt;

    public Instant revokedAt;

    public String revokedBy;

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isExpired() {
        return !expiresAt.isAfter(Instant.now());
    }

    public boolean isUsable() {
        return !isRevoked() && !isExpired();
    }

    public String access() {
        return readOnly ? "read-only" : "read-write";
    }

    /** The membership's tokens, newest first. */
    public static List<ApiToken> of(Membership membership) {
        return list("membership.id = ?1 order by createdAt desc, id desc", membership.id);
    }
}
