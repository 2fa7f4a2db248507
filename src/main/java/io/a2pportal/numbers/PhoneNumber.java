package io.a2pportal.numbers;

import java.time.Instant;
import java.util.Optional;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.Formats;
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

    /** When the current status was last observed, as its source dated the observation. */
    public Instant statusObservedAt = Instant.now();

    /** Where the current status was observed: UPLOAD, EVENT or API (null: before sources were kept). */
    public String statusSource;

    /** The vendor's failure reason and error code of the last applied observation, when it gave any. */
    public String failureReason;

    public Integer errorCode;

    public Instant createdAt = Instant.now();

    /** The campaign SID the last status report gave, whether or not the portal knows that campaign. */
    public String reportedCampaignSid;

    /** The messaging service SID the last status report gave, whether or not the portal knows that service. */
    public String reportedServiceSid;

    /** The source as the pages name it. */
    public String statusSourceLabel() {
        return sourceLabel(statusSource);
    }

    /** "Upload", "Live event" or "API" for a ledger source; null for none. */
    public static String sourceLabel(String source) {
        if (source == null) {
            return null;
        }
        return switch (source) {
            case "UPLOAD" -> "Upload";
            case "EVENT" -> "Live event";
            case "API" -> "API";
            default -> source;
        };
    }

    @PrePersist
    void checkFormatsAndTree() {
        if (sid != null) {
            Formats.requireSid("PN", sid, "A phone number SID");
        }
        Formats.requireE164(e164);
        rootAccountId = account.rootId;
    }

    /** The number with this PN SID or E.164 form, only if the scope covers its account. */
    public static Optional<PhoneNumber> findInScope(TenantScope scope, String key) {
        String column;
        if (Formats.isSid("PN", key)) {
            column = "sid";
        } else if (Formats.isE164(key)) {
            column = "e164";
        } else {
            return Optional.empty();
        }
        String query = column + " = ?1 and rootAccountId = ?2" + (scope.accountId() == null ? "" : " and account.id = ?3");
        return scope.accountId() == null
                ? find(query, key, scope.rootId()).firstResultOptional()
                : find(query, key, scope.rootId(), scope.accountId()).firstResultOptional();
    }
}
