package io.a2pportal.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A vendor account: a parent account (its own root) or one of its subaccounts. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String sid;

    public String name;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "parent_id")
    public Account parent;

    @Column(name = "root_id", insertable = false, updatable = false)
    @org.hibernate.annotations.Generated
    public Long rootId;

    public String notificationEmail;

    public Instant createdAt = Instant.now();

    public boolean isTopLevel() {
        return parent == null;
    }

    public static Optional<Account> findBySid(String sid) {
        return find("sid", sid).firstResultOptional();
    }

    /** The accounts a scope covers: the scope's own account first, then its subaccounts by name. */
    public static List<Account> inScope(TenantScope scope) {
        if (scope.accountId() != null) {
            return list("id", scope.accountId());
        }
        return list("rootId = ?1 order by case when parent is null then 0 else 1 end, name", scope.rootId());
    }

    /** An account by SID, only if the scope covers it. */
    public static Optional<Account> findInScope(TenantScope scope, String sid) {
        return findBySid(sid).filter(scope::covers);
    }

    public static List<Account> parents() {
        return list("parent is null order by name");
    }
}
