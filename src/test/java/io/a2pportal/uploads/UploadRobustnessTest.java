package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * Files that go wrong in unusual ways end with a message the user can read, on the request's path
 * (files under 100 KB in tests) and the background job's alike: none leaves its page refreshing for ever.
 */
@QuarkusTest
@TestSecurity(user = "owner")
@OidcSecurity(claims = @Claim(key = "email", value = UploadRobustnessTest.OWNER))
class UploadRobustnessTest {

    static final String OWNER = "owner@robust-uploads.test";

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/uploads")
    URI uploads;

    @Test
    void aNulByteAfterTheFirstEightKilobytesIsRejectedAsBinary() {
        Account parent = fixtures.ownedTree("Nul Parent", OWNER);
        for (int rows : new int[] { 200, 1200 }) {
            byte[] good = UploadClient.statusReport(parent, rows, "REGISTERED");
            assertTrue(good.length > 8192);
            String nul = parent.sid + ",,,+1415\u00005550100,REGISTERED\r\n";
            byte[] file = concat(good, nul.getBytes(StandardCharsets.UTF_8));
            String name = rows == 200 ? "small-with-nul.csv" : "large-with-nul.csv";
            assertTrue(rows == 200 ? file.length < 100_000 : file.length >= 100_000, name);
            UploadClient.assertRejected(fixtures, parent, name, file, "This is not a text file: line " + (rows + 2)
                    + " holds binary data (a NUL byte).");
        }
    }

    @Test
    void anUnexpectedFailureEndsTheUploadFailedWithAReason() {
        Account parent = fixtures.ownedTree("Unexpected Parent", OWNER);
        String before = fixtures.inventorySnapshot(parent);
        for (int rows : new int[] { 20, 1500 }) {
            // TestImportSteps breaks the import once the rows are read, before they are reviewed
            String page = UploadClient.upload("report.break-after-read.csv", UploadClient.statusReport(parent, rows, "REGISTERED"));
            assertTrue(page.contains("Failed: nothing changed"), page);
            assertTrue(page.contains("The file could not be checked because of an unexpected error, and nothing was changed. "
                    + "Try again; if it fails again, contact support with upload number"), page);
            assertEquals(before, fixtures.inventorySnapshot(parent));
        }
    }

    @Test
    void aGzipBombIsRefusedBeforeItsRowsAreRead() {
        Account parent = fixtures.ownedTree("Bomb Parent", OWNER);
        // gzip members of one valid row repeated, one after another: 20 MB of CSV, ten times the test limit, in a few kilobytes
        byte[] rows = (parent.sid + ",,,+14155550100,REGISTERED\r\n").repeat(20_000).getBytes(StandardCharsets.UTF_8);
        byte[] member = concat(UploadClient.statusReport(parent, 0, "REGISTERED"), rows);
        member = UploadClient.gzip(member);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        for (long expanded = 0; expanded < 20_000_000; expanded += rows.length) {
            bomb.writeBytes(member);
        }
        long start = System.nanoTime();
        UploadClient.assertRejected(fixtures, parent, "bomb.csv.gz", bomb.toByteArray(),
                "The compressed file expands to more than 1 MB, the most the portal accepts. Split it into smaller files.");
        assertTrue(bomb.size() < 100_000, "imported on the request's path");
        System.out.printf("A gzip bomb of %d bytes was refused in %.2f s%n", bomb.size(), (System.nanoTime() - start) / 1e9);
    }

    @Test
    void aFileOverTheHttpBodyLimitGetsTheUploadPageWithTheSizeMessage() throws Exception {
        Account parent = fixtures.ownedTree("Huge Parent", OWNER);
        String before = fixtures.inventorySnapshot(parent);
        // over quarkus.http.limits.max-body-size (1 MB in tests), which Quarkus refuses before the portal sees it; sent
        // with its length declared, as a browser's form sends it
        byte[] file = new byte[1_600_000];
        java.util.Arrays.fill(file, (byte) 'a');
        String boundary = "----upload-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> posted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(uploads)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, posted.statusCode(), posted.body());
        String location = posted.headers().firstValue("Location").orElseThrow();
        String page = given().get(location.substring(location.indexOf("/uploads"))).then().statusCode(200).extract().asString();
        assertTrue(page.contains("Nothing was uploaded."), page);
        assertTrue(page.contains("The file is 1.5 MB; the portal accepts files up to 0.2 MB. Compress it with gzip, or split it."),
                page);
        assertEquals(before, fixtures.inventorySnapshot(parent));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
