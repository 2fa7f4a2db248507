package io.a2pportal.uploads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
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

    static final String UNEXPECTED = "The file could not be checked because of an unexpected error, and nothing was "
            + "changed. Try again; if it fails again, contact support with upload number ";

    private static final List<UploadState> SETTLED = List.of(UploadState.APPLIED, UploadState.REJECTED, UploadState.FAILED);

    /**
     * Takes the upload on for a new attempt, unless it is settled. Raising the attempt fences off a
     * worker presumed dead: it can no longer settle the upload. The update takes no lock that
     * storing the file's copy (a key share lock on the upload) waits for.
     */
    static Attempt claim(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (update("attempt = attempt + 1, state = ?1, bytesRead = 0, rowsRead = 0, errorCount = 0 where id = ?2 "
                    + "and state not in ?3", UploadState.VALIDATING, id, SETTLED) == 0) {
                return null;
            }
            getEntityManager().createNativeQuery("delete from upload_error where upload_id = ?1").setParameter(1, id)
                    .executeUpdate();
            Upload upload = findById(id);
            return new Attempt(id, upload.rootAccountId, upload.account == null ? null : upload.account.id, upload.attempt,
                    upload.sizeBytes, upload.fileName);
        });
    }

    /** Shows how far the reading is. */
    static void progress(long id, long bytes, long rows) {
        QuarkusTransaction.requiringNew().run(() -> update("bytesRead = ?1, rowsRead = ?2 where id = ?3", bytes, rows, id));
    }

    static void recordKind(long id, UploadKind kind) {
        QuarkusTransaction.requiringNew().run(() -> update("kind = ?1 where id = ?2", kind, id));
    }

    /** Moves the upload on to the state, with the message if one is given (else it keeps its message). */
    static void setState(long id, UploadState state, String message) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (message == null) {
                update("state = ?1 where id = ?2", state, id);
            } else {
                update("state = ?1, message = ?2 where id = ?3", state, storable(message), id);
            }
        });
    }

    static void setMessage(long id, String message) {
        QuarkusTransaction.requiringNew().run(() -> update("message = ?1 where id = ?2", storable(message), id));
    }

    /** Ends an upload that is not settled yet as failed by an unexpected error, whatever attempt holds it. */
    static void failUnsettled(long id) {
        QuarkusTransaction.requiringNew().run(() -> update("state = ?1, message = ?2, finishedAt = ?3 where id = ?4 "
                + "and state not in ?5", UploadState.FAILED, UNEXPECTED + id + ".", Instant.now(), id, SETTLED));
    }

    /** The text as PostgreSQL can store it: a NUL, which a text column cannot hold, is shown as a replacement character. */
    static String storable(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }

    /** The upload as one attempt of the processor holds it; it may end the upload only while it is the current attempt. */
    record Attempt(long id, long rootId, Long accountId, int attempt, long sizeBytes, String fileName) {

        void reject(String message, long errorCount) {
            QuarkusTransaction.requiringNew().run(() -> Upload.update("state = ?1, message = ?2, errorCount = ?3, finishedAt = ?4 "
                    + "where id = ?5 and attempt = ?6", UploadState.REJECTED, storable(message), errorCount, Instant.now(), id,
                    attempt));
        }

        void fail(String message) {
            QuarkusTransaction.requiringNew().run(() -> Upload.update("state = ?1, message = ?2, finishedAt = ?3 where id = ?4 "
                    + "and attempt = ?5", UploadState.FAILED, storable(message), Instant.now(), id, attempt));
        }

        /** The upload, locked for settling in the current transaction; empty when another attempt has taken over or settled it. */
        Optional<Upload> lockIfCurrent() {
            Upload upload = Upload.findById(id, LockModeType.PESSIMISTIC_WRITE);
            return upload != null && upload.attempt == attempt && !upload.state.isSettled() ? Optional.of(upload)
                    : Optional.empty();
        }

        /**
         * Locks the upload for settling in the import's own transaction, on its connection; false when
         * another attempt has taken over or settled it.
         */
        boolean stillCurrent(Connection c) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("select attempt, state from upload where id = ? for update")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getInt(1) == attempt && !UploadState.valueOf(rs.getString(2)).isSettled();
                }
            }
        }

        /** SID to id of the accounts rows may name: the tree, or the one account uploaded for. */
        Map<String, Long> accountsInScope(Connection c) throws SQLException {
            Map<String, Long> accounts = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement(accountId == null ? "select sid, id from account where root_id = ?"
                    : "select sid, id from account where id = ?")) {
                st.setLong(1, accountId == null ? rootId : accountId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        accounts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return accounts;
        }
    }
}
