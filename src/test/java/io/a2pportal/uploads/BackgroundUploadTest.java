package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * Large files (100 KB and more in tests) are imported by a durable background job while the page
 * shows progress; an attempt whose worker died is redone from the stored file, and the dead
 * attempt can no longer end the upload.
 */
@QuarkusTest
@TestSecurity(user = "owner")
@OidcSecurity(claims = @Claim(key = "email", value = BackgroundUploadTest.OWNER))
class BackgroundUploadTest {

    static final String OWNER = "owner@background-uploads.test";

    @Inject
    Fixtures fixtures;

    @Inject
    UploadProcessor processor;

    @Inject
    DataSource dataSource;

    @Inject
    TestImportSteps steps;

    @Test
    void aLargeFileIsImportedInTheBackgroundWithProgress() throws Exception {
        Account parent = fixtures.ownedTree("Background Parent", OWNER);
        byte[] file = UploadClient.statusReport(parent, 1500, "REGISTERED");
        assertTrue(file.length >= 100_000, "large enough for the background");

        // TestImportSteps holds the job once the rows are read, until the page is seen
        var posted = UploadClient.post("large.hold-at-read.csv", file);
        assertEquals(303, posted.statusCode());
        long id = UploadClient.idOf(posted);
        String path = "/uploads/" + id;
        String first;
        steps.awaitHeld(id);
        try {
            first = given().get(path).then().statusCode(200).extract().asString();
        } finally {
            steps.release(id);
        }
        assertTrue(first.contains("<p>1500 rows read. This page refreshes by itself.</p>"), first);
        assertTrue(first.contains("<progress max=\"100\" value=\"100\">"), first);

        String done = UploadClient.settled(path);
        assertTrue(done.contains("1500 rows read: 1500 added, 0 updated, 0 unchanged."), done);
        assertEquals(1500, fixtures.historyCount(parent));
        // progress counts bytes of the file as uploaded, though the job reads the compressed copy
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("select bytes_read, size_bytes from upload where id = " + UploadClient.idOf(posted))) {
            assertTrue(rs.next());
            assertEquals(file.length, rs.getLong(2));
            assertEquals(file.length, rs.getLong(1), "bytes read at the end");
        }
    }

    @Test
    void anAttemptLeftByADeadWorkerIsRedoneFromTheStoredFile() throws Exception {
        Account parent = fixtures.ownedTree("Takeover Parent", OWNER);
        long id = fixtures.uploadFor(parent, "left-behind.csv");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("upload", ".csv");
        java.nio.file.Files.write(file, UploadClient.statusReport(parent, 20, "PENDING_REGISTRATION"));
        StoredFile.store(dataSource, id, file);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            // as a worker killed while staging rows would have left it: the rows it staged went with
            // its transaction (the ledger stages them in a temporary table), only the claim remains
            st.execute("update upload set state = 'VALIDATING', attempt = 1 where id = " + id);
        }
        processor.process(id);
        String page = given().get("/uploads/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("20 rows read: 20 added, 0 updated, 0 unchanged."), page);
        // the dead attempt is fenced off: were its worker only stalled, it could no longer end the upload
        new Upload.Attempt(id, parent.id, null, 1, 0, "left-behind.csv").fail("A late failure of the first attempt.");
        new Upload.Attempt(id, parent.id, null, 1, 0, "left-behind.csv").reject("A late rejection of the first attempt.", 1);
        String after = given().get("/uploads/" + id).then().statusCode(200).extract().asString();
        assertTrue(after.contains("20 rows read: 20 added, 0 updated, 0 unchanged."), after);
        assertFalse(after.contains("first attempt"), after);
        processor.process(id);
        assertEquals(20, fixtures.historyCount(parent), "a settled upload is not imported again");
    }

    @Test
    void aSmallFileWaitsInTheBackgroundWhileAnotherReportOfTheTreeIsImported() throws Exception {
        Account parent = fixtures.ownedTree("Busy Parent", OWNER);
        String path;
        try (Connection importing = dataSource.getConnection(); Statement st = importing.createStatement()) {
            // as an import of another status report of the tree holds it
            st.execute("select pg_advisory_lock(" + UploadProcessor.TREE_LOCK + ", " + Long.hashCode(parent.id) + ")");
            var posted = UploadClient.post("small.csv", UploadClient.statusReport(parent, 20, "REGISTERED"));
            assertEquals(303, posted.statusCode());
            path = "/uploads/" + UploadClient.idOf(posted);
            String waiting = given().get(path).then().statusCode(200).extract().asString();
            assertTrue(waiting.contains("Waiting for another status report of your organisation to finish importing"), waiting);
            assertTrue(waiting.contains("This page refreshes by itself."), waiting);
            assertEquals(0, fixtures.historyCount(parent));
            st.execute("select pg_advisory_unlock(" + UploadProcessor.TREE_LOCK + ", " + Long.hashCode(parent.id) + ")");
        }
        String done = UploadClient.settled(path);
        assertTrue(done.contains("20 rows read: 20 added, 0 updated, 0 unchanged."), done);
        assertFalse(done.contains("Waiting for another"), done);
        assertEquals(20, fixtures.historyCount(parent));
    }
}
