package io.a2pportal.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

/**
 * Seeds a large inventory straight in SQL: one parent account with 100 subaccounts, a verified
 * Standard campaign and a messaging service per account, and N numbers spread over them with a
 * realistic mix of statuses, having joined their service 0 to 29 days ago.
 */
final class BenchInventory {

    final long parentId;
    final String parentSid;
    final String subaccountSid;

    private BenchInventory(long parentId, String parentSid, String subaccountSid) {
        this.parentId = parentId;
        this.parentSid = parentSid;
        this.subaccountSid = subaccountSid;
    }

    static BenchInventory seed(DataSource dataSource, int numbers) throws SQLException {
        String tag = Long.toHexString(System.nanoTime());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("insert into account (sid, name) values ('AC' || md5('bench-parent-" + tag + "'), 'Bench parent')");
            long parent;
            try (var rs = st.executeQuery("select id from account where sid = 'AC' || md5('bench-parent-" + tag + "')")) {
                rs.next();
                parent = rs.getLong(1);
            }
            st.execute("insert into account (sid, name, parent_id) select 'AC' || md5('bench-sub-" + tag + "-' || g), "
                    + "'Bench subaccount ' || g, " + parent + " from generate_series(1, 100) g");
            st.execute("insert into brand (sid, account_id, name, brand_type, status) select 'BN' || md5('bn" + tag + "' || id), "
                    + "id, name, 'STANDARD', 'APPROVED' from account where root_id = " + parent);
            st.execute("insert into campaign (sid, console_sid, account_id, brand_id, brand_type, use_case, status) "
                    + "select 'QE' || md5('qe" + tag + "' || b.id), 'CM' || md5('cm" + tag + "' || b.id), b.account_id, b.id, "
                    + "'STANDARD', 'MIXED', 'VERIFIED' from brand b join account a on a.id = b.account_id where a.root_id = " + parent);
            st.execute("insert into messaging_service (sid, account_id, campaign_id, name) select 'MG' || md5('mg" + tag
                    + "' || c.id), c.account_id, c.id, 'Bench service' from campaign c join account a on a.id = c.account_id "
                    + "where a.root_id = " + parent);
            st.execute("create temporary table bench_service as select row_number() over (order by s.id) - 1 as idx, s.id, "
                    + "s.sid, c.console_sid, s.account_id from messaging_service s join account a on a.id = s.account_id "
                    + "join campaign c on c.id = s.campaign_id where a.root_id = " + parent);
            // as the last status report left them, so that a new report changes only what it changes
            st.execute("insert into phone_number (sid, e164, account_id, root_account_id, messaging_service_id, status, "
                    + "joined_service_at, status_changed_at, reported_campaign_sid, reported_service_sid) "
                    + "select 'PN' || md5('pn" + tag + "' || g), '+1' || (2000000000 + g + " + (parent % 1000) * 10_000_000L
                    + "), s.account_id, " + parent + ", s.id, "
                    + "(array['REGISTERED','REGISTERED','REGISTERED','REGISTERED','REGISTERED','REGISTERED',"
                    + "'PENDING_REGISTRATION','UNREGISTERED','PENDING_DEREGISTRATION','FAILURE'])[1 + (g * 7) % 10], "
                    + "now() - (g % 30) * interval '1 day', now(), s.console_sid, s.sid "
                    + "from generate_series(1, " + numbers + ") g join bench_service s on s.idx = g % 101");
            st.execute("drop table bench_service");
            String sub;
            try (var rs = st.executeQuery("select sid from account where parent_id = " + parent + " order by id limit 1")) {
                rs.next();
                sub = rs.getString(1);
            }
            String parentSid;
            try (var rs = st.executeQuery("select sid from account where id = " + parent)) {
                rs.next();
                parentSid = rs.getString(1);
            }
            c.commit();
            c.setAutoCommit(true);
            st.execute("analyze");
            return new BenchInventory(parent, parentSid, sub);
        }
    }

    static void delete(DataSource dataSource, long parent) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            String tree = "(select id from account where root_id = " + parent + ")";
            // the uploads' audit entries and the ledger's history name the tree
            st.execute("delete from audit_entry where root_account_id = " + parent);
            st.execute("delete from number_status_history where root_account_id = " + parent);
            st.execute("delete from upload where root_account_id = " + parent);
            st.execute("delete from phone_number where root_account_id = " + parent);
            st.execute("delete from messaging_service where account_id in " + tree);
            st.execute("delete from campaign where account_id in " + tree);
            st.execute("delete from brand where account_id in " + tree);
            st.execute("delete from account where parent_id = " + parent);
            st.execute("delete from account where id = " + parent);
        }
    }

    /**
     * Writes the tree's numbers as status report rows in number order, those whose id ends in the
     * digit with another status; only those, if asked.
     */
    void writeRows(DataSource dataSource, OutputStream out, int digit, boolean changedOnly) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select a.sid, c.console_sid, s.sid, n.e164, "
                    + "case when n.id % 10 = " + digit + " then (case when n.status = 'REGISTERED' then 'FAILURE' else 'REGISTERED' end) "
                    + "else n.status end from phone_number n join account a on a.id = n.account_id "
                    + "left join messaging_service s on s.id = n.messaging_service_id left join campaign c on c.id = s.campaign_id "
                    + "where n.root_account_id = " + parentId + (changedOnly ? " and n.id % 10 = " + digit : "")
                    + " order by n.e164) to stdout with (format csv)", out);
        }
    }

    /** How many of the tree's numbers have an id ending in the digit: those the rows written for it change. */
    long changing(DataSource dataSource, int digit) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("select count(*) from phone_number where root_account_id = " + parentId
                        + " and id % 10 = " + digit)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
