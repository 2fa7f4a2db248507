package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.jobs.JobScheduler;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * A small upload is imported by its request, with the upload's job as a backstop: when the
 * request's process dies mid-import the job, once due (5 s after the upload in tests), imports the
 * stored copy or, when the copy is incomplete, ends the upload as failed. While the request is
 * alive the job leaves the upload to it.
 */
@QuarkusTest
@TestSecurity(user = "owner")
@OidcSecurity(claims = @Claim(key = "email", value = UploadBackstopTest.OWNER))
class UploadBackstopTest {

    static final String OWNER = "owner@upload-backstop.test";
    static final String ALL_ADDED = "20 rows read: 20 added, 0 updated, 0 unchanged.";

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    JobScheduler jobs;

    @Inject
    UploadJob uploadJob;

    @Test
    void anUploadWhoseRequestDiedBeforeItsCopyWasStoredEndsFailed() throws Exception {
        Account parent = fixtures.ownedTree("Died Early Parent", OWNER);
        long id = leftByADeadRequest(parent, false);
        assertTrue(given().get("/uploads/" + id).then().statusCode(200).extract().asString().contains("Checking the file"));

        runJobNow(id);
        String page = assertEndsFailed(parent, id, "The import was interrupted; nothing was changed. Upload the file again.");
        assertFalse(page.contains("Checking the file"), page);
    }

    @Test
    void anUploadWhoseRequestDiedAfterItsCopyWasStoredIsImportedByItsJob() throws Exception {
        Account parent = fixtures.ownedTree("Died Late Parent", OWNER);
        long id = leftByADeadRequest(parent, true);

        runJobNow(id);
        String page = UploadClient.settled("/uploads/" + id);
        assertTrue(page.contains(ALL_ADDED), page);
        assertEquals(20, fixtures.historyCount(parent));
        assertFalse(fixtures.inventorySnapshot(parent).contains("+19995550000"), "the dead attempt's rows are not imported");
    }

    @Test
    void theJobLeavesTheUploadToARequestThatIsAlive() throws Exception {
        Account parent = fixtures.ownedTree("Slow Request Parent", OWNER);
        long id = leftByADeadRequest(parent, true);
        String path = "/uploads/" + id;
        try (Connection request = dataSource.getConnection(); Statement st = request.createStatement()) {
            // as a slow request still at work holds it
            st.execute("select pg_advisory_lock(" + Uploads.Receiving.LOCK + ", " + Long.hashCode(id) + ")");
            runJobNow(id);
            // the job runs at once, then again 5 s later
            Thread.sleep(3000);
            var waiting = given().get(path);
            assertNotNull(waiting.header("Refresh"), "the page still refreshes itself");
            assertTrue(waiting.asString().contains("Checking the file"), waiting.asString());
            assertEquals(1, attempt(id), "the job did not take the upload from its request");
            st.execute("select pg_advisory_unlock(" + Uploads.Receiving.LOCK + ", " + Long.hashCode(id) + ")");
        }
        String page = UploadClient.settled(path);
        assertTrue(page.contains(ALL_ADDED), page);
    }

    @Test
    void aSmallUploadIsRecordedWithItsJobWhichFindsItSettled() throws Exception {
        Account parent = fixtures.ownedTree("Backstopped Parent", OWNER);
        var posted = UploadClient.post("small.csv", UploadClient.statusReport(parent, 20, "REGISTERED"));
        assertEquals(303, posted.statusCode());
        long id = UploadClient.idOf(posted);
        assertTrue(jobExists(id), "the upload was recorded with its job");
        String page = UploadClient.settled("/uploads/" + id);
        assertTrue(page.contains(ALL_ADDED), page);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (jobExists(id)) {
            assertTrue(System.nanoTime() < deadline, "the job ran");
            Thread.sleep(200);
        }
        String after = given().get("/uploads/" + id).then().statusCode(200).extract().asString();
        assertTrue(after.contains(ALL_ADDED), after);
        assertFalse(after.contains("Failed: nothing changed"), after);
        assertEquals(1, attempt(id), "the job did not import the upload again");
        assertEquals(20, fixtures.historyCount(parent));
    }

    @Test
    void anUploadWhoseImportWasInterruptedAgainAndAgainEndsFailed() throws Exception {
        Account parent = fixtures.ownedTree("Killing File Parent", OWNER);
        long id = leftByADeadRequest(parent, true);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            // as the request and then four workers, each killed while importing it, leave it
            st.execute("update upload set attempt = 5 where id = " + id);
        }

        runJobNow(id);
        assertEndsFailed(parent, id, "The import was interrupted 5 times and was stopped; nothing was changed.");
    }

    @Test
    void anUploadWhoseJobKeepsFailingEndsFailed() throws Exception {
        Account parent = fixtures.ownedTree("Failing Job Parent", OWNER);
        long id = leftByADeadRequest(parent, true);

        // the job's run after as many failures in a row
        assertTrue(uploadJob.run(id, UploadJob.MAX_FAILURES));
        assertEndsFailed(parent, id, "contact support with upload number " + id);
    }

    /** Runs the upload's job now, as when it falls due. */
    private void runJobNow(long id) {
        jobs.schedule(UploadJob.IMPORT.instance(String.valueOf(id)).scheduledTo(Instant.now()));
    }

    /** The upload's page, once settled, says it failed for this reason, and the tree's status history is untouched. */
    private String assertEndsFailed(Account parent, long id, String reason) {
        String page = UploadClient.settled("/uploads/" + id);
        assertTrue(page.contains("Failed: nothing changed"), page);
        assertTrue(page.contains(reason), page);
        assertEquals(0, fixtures.historyCount(parent));
        return page;
    }

    /**
     * An upload as a request killed while checking it leaves it: attempt 1 at work with no live
     * worker (what it staged went with its transaction), and its copy stored and its digest
     * recorded, or not.
     */
    private long leftByADeadRequest(Account parent, boolean copyStored) throws Exception {
        long id = fixtures.uploadFor(parent, "died.csv");
        Path file = Files.createTempFile("upload", ".csv");
        Files.write(file, UploadClient.statusReport(parent, 20, "REGISTERED"));
        String sha256 = StoredFile.store(dataSource, id, file);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("update upload set state = 'VALIDATING', attempt = 1, finished_at = null"
                    + (copyStored ? ", sha256 = '" + sha256 + "'" : "") + " where id = " + id);
        }
        return id;
    }

    private int attempt(long id) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select attempt from upload where id = " + id)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private boolean jobExists(long id) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from scheduled_tasks where task_name = 'import-upload' "
                        + "and task_instance = '" + id + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
