package io.a2pportal.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.a2pportal.accounts.Account;
import io.a2pportal.shared.Formats;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The database itself refuses a malformed number or SID, whoever writes it: on insert, and on an
 * update that writes one; an update that leaves them as they are (a status change) is accepted.
 */
@QuarkusTest
class StoredFormatsTest {

    static final String GOOD_CAMPAIGN = "CM" + "0123456789abcdef".repeat(2);
    static final String GOOD_SERVICE = "MG" + "0123456789abcdef".repeat(2);

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @ParameterizedTest
    @ValueSource(strings = {
            "'14155550100', null, null, null",
            "'+0415555010', null, null, null",
            "'+14155550100', 'PN123', null, null",
            "'+14155550100', null, 'CM0123456789ABCDEF0123456789abcdef', null",
            "'+14155550100', null, null, 'MX0123456789abcdef0123456789abcdef'" })
    void aMalformedNumberOrSidIsNotInserted(String values) throws SQLException {
        Account root = fixtures.parent("Stored Formats Insert");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> st.execute(
                    "insert into phone_number (e164, sid, reported_campaign_sid, reported_service_sid, account_id, root_account_id, "
                            + "status) values (" + values + ", " + root.id + ", " + root.id + ", 'REGISTERED')"));
            assertEquals("23514", refused.getSQLState(), refused.getMessage());
            try (var rs = st.executeQuery("select count(*) from phone_number where root_account_id = " + root.id)) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    @Test
    void aWellFormedNumberIsInsertedAndAMalformedSidIsNotWrittenOverIt() throws SQLException {
        Account root = fixtures.parent("Stored Formats Update");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into phone_number (e164, account_id, root_account_id, status, reported_campaign_sid, "
                    + "reported_service_sid) values ('+14155550100', " + root.id + ", " + root.id + ", 'REGISTERED', '"
                    + GOOD_CAMPAIGN + "', '" + GOOD_SERVICE + "')");
            String where = " where root_account_id = " + root.id;
            assertEquals(1, st.executeUpdate("update phone_number set status = 'FAILURE'" + where));
            for (String write : new String[] { "e164 = '+1-415-555-0100'", "sid = 'PN0'",
                    "reported_campaign_sid = 'QE' || repeat('g', 32)", "reported_service_sid = 'MG' || repeat('0', 31)" }) {
                SQLException refused = assertThrows(SQLException.class, () -> st.executeUpdate("update phone_number set " + write + where));
                assertEquals("23514", refused.getSQLState(), write + ": " + refused.getMessage());
            }
            try (var rs = st.executeQuery("select e164, sid, status, reported_campaign_sid, reported_service_sid from phone_number" + where)) {
                rs.next();
                assertEquals("+14155550100 null FAILURE " + GOOD_CAMPAIGN + " " + GOOD_SERVICE,
                        rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        }
    }
}
