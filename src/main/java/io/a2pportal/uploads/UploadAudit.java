package io.a2pportal.uploads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.AuditEntry;

/**
 * The audit log's entry for an applied upload: who uploaded which file, for which account, and
 * what it changed. It is written in the transaction that applies the upload.
 */
final class UploadAudit {

    static final String ACTION = "upload.applied";

    private UploadAudit() {
    }

    /** For an upload applied through the entities (an inventory file). */
    static void applied(Upload upload) {
        Account account = upload.account != null ? upload.account : Account.findById(upload.rootAccountId);
        AuditEntry.record(upload.uploadedBy, account, ACTION,
                detail(upload.kind, upload.fileName, upload.id, upload.added, upload.updated));
    }

    /** For an upload applied on a JDBC connection (a status report), once its summary is recorded. */
    static void applied(Connection c, long uploadId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select uploaded_by, root_account_id, coalesce(account_id, root_account_id), "
                + "kind, file_name, added, updated from upload where id = ?")) {
            st.setLong(1, uploadId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                AuditEntry.record(c, rs.getString(1), rs.getLong(2), rs.getLong(3), ACTION,
                        detail(UploadKind.valueOf(rs.getString(4)), rs.getString(5), uploadId, rs.getLong(6), rs.getLong(7)));
            }
        }
    }

    private static String detail(UploadKind kind, String fileName, long id, long added, long updated) {
        return "Imported " + kind.label.toLowerCase(Locale.ROOT) + " " + fileName + " (upload " + id + "): " + added
                + " added, " + updated + " changed";
    }
}
