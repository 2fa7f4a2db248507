package io.a2pportal.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Who changed what, and when, in an account tree. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant at = Instant.now();

    public String actor;

    public Long rootAccountId;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "account_id")
    public Account account;

    public String action;

    public String detail;

    public static void record(String actor, Account account, String action, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.actor = actor;
        entry.rootAccountId = account.rootId;
        entry.account = account;
        entry.action = action;
        entry.detail = detail;
        entry.persist();
    }

    /**
     * The same entry written on a JDBC connection, inside the transaction the caller holds on it, so
     * that it is kept exactly when the change it records is committed.
     */
    public static void record(Connection c, String actor, long rootAccountId, long accountId, String action, String detail)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into audit_entry (actor, root_account_id, account_id, action, detail) values (?, ?, ?, ?, ?)")) {
            st.setString(1, actor);
            st.setLong(2, rootAccountId);
            st.setLong(3, accountId);
            st.setString(4, action);
            st.setString(5, detail);
            st.executeUpdate();
        }
    }

    public static List<AuditEntry> latest(TenantScope scope, int limit) {
        if (scope.accountId() != null) {
            return find("account.id = ?1 order by at desc, id desc", scope.accountId()).page(0, limit).list();
        }
        return find("rootAccountId = ?1 order by at desc, id desc", scope.rootId()).page(0, limit).list();
    }
}
