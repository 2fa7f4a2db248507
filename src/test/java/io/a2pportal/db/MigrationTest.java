package io.a2pportal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The migrations build a working schema on an empty database, and the schema holds the domain's limits. */
@QuarkusTest
class MigrationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void migrationsRunOnAFreshDatabaseAndEnforceTheDomainsLimits() throws SQLException {
        String name = "fresh_" + System.nanoTime();
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement st = admin.createStatement()) {
            st.execute("create database " + name);
        }
        String freshUrl = url.substring(0, url.lastIndexOf('/') + 1) + name;
        var result = Flyway.configure().dataSource(freshUrl, user, password).locations("classpath:db/migration").load().migrate();
        assertTrue(result.migrationsExecuted >= 1);
        assertTrue(result.success);

        try (Connection c = DriverManager.getConnection(freshUrl, user, password); Statement st = c.createStatement()) {
            st.execute("insert into account (sid, name) values ('AC" + "0".repeat(32) + "', 'Parent')");
            st.execute("insert into account (sid, name, parent_id) values ('AC" + "1".repeat(32) + "', 'Sub', 1)");
            assertThrows(SQLException.class, () -> st.execute(
                    "insert into account (sid, name, parent_id) values ('AC" + "2".repeat(32) + "', 'Sub of sub', 2)"));
            assertThrows(SQLException.class, () -> st.execute("insert into account (sid, name) values ('ACXYZ', 'Bad SID')"));

            st.execute("insert into brand (sid, account_id, name, brand_type, status) values ('BN" + "0".repeat(32)
                    + "', 1, 'Solo', 'SOLE_PROPRIETOR', 'APPROVED')");
            st.execute("insert into campaign (sid, console_sid, account_id, brand_id, brand_type, use_case, status) values ('QE"
                    + "0".repeat(32) + "', 'CM" + "0".repeat(32) + "', 1, 1, 'SOLE_PROPRIETOR', 'SOLE_PROPRIETOR', 'VERIFIED')");
            assertThrows(SQLException.class, () -> st.execute(
                    "insert into campaign (sid, console_sid, account_id, brand_id, brand_type, use_case, status) values ('QE"
                            + "1".repeat(32) + "', 'CM" + "1".repeat(32) + "', 1, 1, 'SOLE_PROPRIETOR', 'SOLE_PROPRIETOR', 'VERIFIED')"),
                    "a Sole Proprietor brand has one campaign");
            assertThrows(SQLException.class, () -> st.execute(
                    "insert into campaign (sid, console_sid, account_id, brand_id, brand_type, use_case, status) values ('QE"
                            + "2".repeat(32) + "', 'CM" + "2".repeat(32) + "', 1, 1, 'STANDARD', 'MARKETING', 'VERIFIED')"),
                    "the brand type copied on a campaign must be its brand's");

            st.execute("insert into phone_number (sid, e164, account_id, root_account_id, status) values ('PN" + "0".repeat(32)
                    + "', '+14155550100', 2, 1, 'REGISTERED')");
            assertThrows(SQLException.class, () -> st.execute("insert into phone_number (sid, e164, account_id, root_account_id, status)"
                    + " values ('PN" + "1".repeat(32) + "', '+14155550100', 2, 1, 'REGISTERED')"), "a number is listed once");
            assertThrows(SQLException.class, () -> st.execute("insert into phone_number (sid, e164, account_id, root_account_id, status)"
                    + " values ('PN" + "2".repeat(32) + "', '4155550101', 2, 1, 'REGISTERED')"), "E.164 only");
            assertThrows(SQLException.class, () -> st.execute("insert into phone_number (sid, e164, account_id, root_account_id, status)"
                    + " values ('PN" + "3".repeat(32) + "', '+14155550102', 2, 2, 'REGISTERED')"), "the tree must be the account's");
            assertThrows(SQLException.class, () -> st.execute("insert into phone_number (sid, e164, account_id, root_account_id, status)"
                    + " values ('PN" + "4".repeat(32) + "', '+14155550103', 2, 1, 'ACTIVE')"), "a known status");
            var rs = st.executeQuery("select count(*) from phone_number");
            rs.next();
            assertEquals(1, rs.getInt(1));
        } finally {
            try (Connection admin = DriverManager.getConnection(url, user, password); Statement st = admin.createStatement()) {
                st.execute("drop database " + name + " with (force)");
            }
        }
    }

    @Test
    void statusCountsFollowEveryInsertUpdateAndDelete() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            String tag = Long.toHexString(System.nanoTime());
            st.execute("insert into account (sid, name) values ('AC' || md5('counts-" + tag + "'), 'Counts')");
            st.execute("insert into account (sid, name, parent_id) select 'AC' || md5('counts-sub-" + tag + "'), 'Counts sub', id"
                    + " from account where sid = 'AC' || md5('counts-" + tag + "')");
            String parent = "(select id from account where sid = 'AC' || md5('counts-" + tag + "'))";
            String sub = "(select id from account where sid = 'AC' || md5('counts-sub-" + tag + "'))";
            st.execute("insert into phone_number (sid, e164, account_id, root_account_id, status) select 'PN' || md5('" + tag
                    + "' || g), '+1' || (3000000000 + g + (" + parent + " % 1000) * 100000), case when g % 2 = 0 then " + parent
                    + " else " + sub + " end, " + parent + ", case when g % 3 = 0 then 'REGISTERED' else 'UNREGISTERED' end"
                    + " from generate_series(1, 60) g");
            st.execute("update phone_number set status = 'FAILURE' where root_account_id = " + parent + " and e164 like '%7'");
            st.execute("update phone_number set status = status where root_account_id = " + parent);
            st.execute("delete from phone_number where root_account_id = " + parent + " and e164 like '%5'");
            var rs = st.executeQuery("select count(*) from (select account_id, status, count(*) as n from phone_number"
                    + " where root_account_id = " + parent + " group by 1, 2) actual full join (select account_id, status, count as n"
                    + " from account_status_count where root_account_id = " + parent + " and count <> 0) kept"
                    + " using (account_id, status) where actual.n is distinct from kept.n");
            rs.next();
            assertEquals(0, rs.getInt(1), "kept counts equal the counted ones");
            rs = st.executeQuery("select sum(count) from account_status_count where root_account_id = " + parent);
            rs.next();
            assertEquals(54, rs.getInt(1));
        }
    }
}
