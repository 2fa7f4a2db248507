package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The stored copy of a rejected upload is deleted; an applied upload's copy is kept for download. */
@QuarkusTest
class StoredCopyDeletionTest {

    static final String OWNER = "owner@stored-copies.test";
    static final String HEADER = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\n";
    static Account parent;
    static List<String> numbers;

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void data() {
        if (parent == null) {
            parent = fixtures.parent("Stored Copies Parent");
            fixtures.member(parent, OWNER, Role.OWNER);
            numbers = fixtures.numbers(parent, null, RegistrationStatus.PENDING_REGISTRATION, 2);
        }
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void aRejectedUploadsCopyIsDeletedAndAnAppliedOnesIsKept() throws SQLException {
        byte[] bad = (HEADER + parent.sid + ",,," + numbers.get(0) + ",ACTIVE\n").getBytes(StandardCharsets.UTF_8);
        long rejected = UploadClient.idOf(UploadClient.post("bad.csv", bad));
        String page = UploadClient.settled("/uploads/" + rejected);
        assertTrue(page.contains("Rejected: nothing changed"), page);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> chunks(rejected) == 0);

        byte[] good = (HEADER + parent.sid + ",,," + numbers.get(1) + ",REGISTERED\n").getBytes(StandardCharsets.UTF_8);
        long applied = UploadClient.idOf(UploadClient.post("good.csv", good));
        page = UploadClient.settled("/uploads/" + applied);
        assertTrue(page.contains("1 row read: 0 added, 1 updated, 0 unchanged."), page);
        assertEquals(1, chunks(applied));
        assertArrayEquals(good, given().get("/uploads/" + applied + "/file").then().statusCode(200).extract().asByteArray());
    }

    private long chunks(long uploadId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select count(*) from file_chunk where owner = 'upload' and owner_id = ? and version = 0")) {
            st.setLong(1, uploadId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
