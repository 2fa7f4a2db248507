package io.a2pportal.accounts;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Links a user (by verified email or by login subject) to an account or subaccount, with a role. */
@Entity
@Table(name = "membership")
public class Membership extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "account_id")
    public Account account;

    public String email;

    public String subject;

    @Enumerated(EnumType.STRING)
    public Role role;

    public Instant createdAt = Instant.now();

    public String createdBy;

    public String who() {
        return email != null ? email : "subject " + subject;
    }

    public static List<Membership> forUser(String email, String subject) {
        // every request reads them: the accounts come in the same query, not in one more select each
        return list("from Membership m join fetch m.account a where (?1 is not null and m.email = ?1) "
                + "or (?2 is not null and m.subject = ?2) order by case when a.parent is null then 0 else 1 end, a.name",
                email, subject);
    }

    /** Members who can see the scope: its own members, and for a subaccount, those of its parent too. */
    public static List<Membership> sharing(TenantScope scope) {
        if (scope.accountId() != null) {
            return list("account.id = ?1 or account.id = ?2 order by account.name, email", scope.accountId(), scope.rootId());
        }
        return list("account.rootId = ?1 order by case when account.parent is null then 0 else 1 end, account.name, email",
                scope.rootId());
    }
}
