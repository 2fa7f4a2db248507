package io.a2pportal.numbers;

import java.time.Instant;
import java.util.Optional;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
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
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

/** A 10DLC number owned by an account, in at most one messaging service. */
@Entity
@Table(name = "phone_number")
public class PhoneNumber extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String sid;

    public String e164;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "account_id")
    public Account account;

    /** The account tree the number belongs to, kept beside the account for scoped, indexed reads. */
    public Long rootAccountId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "messaging_service_id")
    public MessagingService messagingService;

    @Enumerated(EnumType.STRING)
    public RegistrationStatus status;

    public Instant joinedServiceAt;

    public Instant statusChangedAt = Instant.now();

    public Instant createdAt = Instant.now();

    @PrePersist
    void checkFormatsAndTree() {
        Formats.requireSid("PN", sid, "A phone number SID");
        Formats.requireE164(e164);
        rootAccountId = account.rootId;
    }

    /** The number with this SID, only if the scope covers its account. */
    public static Optional<PhoneNumber> findInScope(TenantScope scope, String sid) {
        if (!Formats.isSid("PN", sid)) {
            return Optional.empty();
        }
        String query = "sid = ?1 and rootAccountId = ?2" + (scope.accountId() == null ? "" : " and account.id = ?3");
        return scope.accountId() == null
                ? find(query, sid, scope.rootId()).firstResultOptional()
                : find(query, sid, scope.rootId(), scope.accountId()).firstResultOptional();
    }
}
