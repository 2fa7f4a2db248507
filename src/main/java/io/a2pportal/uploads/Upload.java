package io.a2pportal.uploads;

import java.time.Instant;
import java.util.List;
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
import jakarta.persistence.Table;

/** An uploaded file and what became of it. */
@Entity
@Table(name = "upload")
public class Upload extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long rootAccountId;

    /** The single account the upload was made for, or null for a whole tree. */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "account_id")
    public Account account;

    @Enumerated(EnumType.STRING)
    public UploadKind kind;

    public String fileName;

    public long sizeBytes;

    /** What {@link #sha256} holds until the file's stored copy is written. */
    public static final String NO_DIGEST = "0".repeat(64);

    /** The SHA-256 of the file as uploaded; {@link #NO_DIGEST} until its stored copy is written. */
    public String sha256;

    public String uploadedBy;

    public Instant uploadedAt = Instant.now();

    @Enumerated(EnumType.STRING)
    public UploadState state;

    /** Raised by each worker that takes the upload on; only the current attempt may settle it. */
    public int attempt;

    public long bytesRead;

    public long rowsRead;

    public long added;

    public long updated;

    public long unchanged;

    /** Of the numbers a status report updated: how many changed status, campaign, messaging service, account. */
    public long statusChanges;

    public long campaignChanges;

    public long serviceChanges;

    public long accountChanges;

    public long errorCount;

    public String message;

    public Instant finishedAt;

    public int progressPercent() {
        return sizeBytes == 0 ? 0 : (int) Math.min(100, 100 * bytesRead / sizeBytes);
    }

    /** The upload with this id, only if the scope covers it. */
    public static Optional<Upload> findInScope(TenantScope scope, long id) {
        Optional<Upload> upload = findByIdOptional(id);
        return upload.filter(u -> u.rootAccountId == scope.rootId()
                && (scope.accountId() == null || (u.account != null && scope.accountId().equals(u.account.id))));
    }

    /**
     * Up to {@code limit} uploads of the scope, newest first: the latest, or those older than
     * {@code before}. A keyset page: it follows the index on (scope, uploaded_at desc, id desc), so an
     * old page costs what the first one does.
     */
    public static List<Upload> page(TenantScope scope, Upload before, int limit) {
        String owner = scope.accountId() == null ? "rootAccountId = ?1" : "account.id = ?1";
        Object id = scope.accountId() == null ? scope.rootId() : scope.accountId();
        if (before == null) {
            return find(owner + " order by uploadedAt desc, id desc", id).page(0, limit).list();
        }
        return find(owner + " and (uploadedAt < ?2 or uploadedAt = ?2 and id < ?3) order by uploadedAt desc, id desc", id,
                before.uploadedAt, before.id).page(0, limit).list();
    }

    /**
     * What the numbers a status report updated changed, in words, such as "3 statuses, 1 messaging
     * service"; empty when none changed (or for an inventory file).
     */
    public String changeSummary() {
        List<String> parts = new java.util.ArrayList<>();
        if (statusChanges > 0) {
            parts.add(statusChanges + (statusChanges == 1 ? " status" : " statuses"));
        }
        if (campaignChanges > 0) {
            parts.add(campaignChanges + (campaignChanges == 1 ? " campaign" : " campaigns"));
        }
        if (serviceChanges > 0) {
            parts.add(serviceChanges + (serviceChanges == 1 ? " messaging service" : " messaging services"));
        }
        if (accountChanges > 0) {
            parts.add(accountChanges + (accountChanges == 1 ? " number moved" : " numbers moved") + " to another account");
        }
        return String.join(", ", parts);
    }

    /** Whether the file's SHA-256 is recorded yet. */
    public boolean digestRecorded() {
        return !NO_DIGEST.equals(sha256);
    }

    /** An earlier applied upload of the same bytes in the same scope, if any. */
    public Optional<Upload> earlierCopy() {
        if (account == null) {
            return find("rootAccountId = ?1 and sha256 = ?2 and state = ?3 and id < ?4 order by id desc", rootAccountId, sha256,
                    UploadState.APPLIED, id).firstResultOptional();
        }
        // a subaccount's upload is compared with that subaccount's uploads only: the others are not in its scope
        return find("account.id = ?1 and sha256 = ?2 and state = ?3 and id < ?4 order by id desc", account.id, sha256,
                UploadState.APPLIED, id).firstResultOptional();
    }
}
