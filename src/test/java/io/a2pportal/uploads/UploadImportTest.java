package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * A good status report is applied whole: numbers added and updated, status changes recorded once,
 * the same file again changes nothing, and a failure half-way leaves the inventory as it was.
 * Each test works in its own account tree, whose SIDs replace the sample's.
 */
@QuarkusTest
class UploadImportTest {

    static final String OWNER = "owner@imports.test";
    static final String SAMPLE_PARENT = "ACd35c790730359ccab2a953238a391bc3";
    static final String SAMPLE_SUB_ONE = "ACff6648711d1abfe47feb1850709b6c3b";
    static final String SAMPLE_SUB_TWO = "ACa371d1f345092820d85618f82af29f9c";

    @Inject
    Fixtures fixtures;

    @Inject
    TestImportSteps steps;

    Account parent;
    Account one;
    Account two;
    String sample;

    @BeforeEach
    void tree() throws IOException {
        parent = fixtures.parent("Import Parent");
        one = fixtures.sub(parent, "Import Sub One");
        two = fixtures.sub(parent, "Import Sub Two");
        if (fixtures.membershipOf(OWNER) != null) {
            fixtures.removeMemberships(OWNER);
        }
        fixtures.member(parent, OWNER, Role.OWNER);
        try (InputStream in = getClass().getResourceAsStream("/uploads/good/status-report-example.csv")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(SAMPLE_PARENT, parent.sid)
                    .replace(SAMPLE_SUB_ONE, one.sid).replace(SAMPLE_SUB_TWO, two.sid);
        }
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void theSampleReportIsImportedAndSummarised() {
        String page = UploadClient.upload("status-report.csv", bytes(sample));
        assertTrue(page.contains("Imported."), page);
        assertTrue(page.contains("12 rows read: 12 added, 0 updated, 0 unchanged."), page);
        assertTrue(page.contains("4 new &rarr; Registered"), page);
        assertTrue(page.contains("5 new &rarr; Unregistered"), page);
        assertTrue(page.contains("1 new &rarr; Failure"), page);
        given().get("/numbers?status=FAILURE").then().statusCode(200).body(containsString("+17375550113"));
        assertEquals(12, Pages.allNumbers("/numbers").size());
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void variantsOfTheSameReportImportToTheSameResult() throws IOException {
        UploadClient.upload("status-report.csv", bytes(sample));
        String imported = fixtures.inventorySnapshot(parent);
        String[] lines = sample.split("\r\n");
        Map<String, byte[]> variants = Map.of(
                "with a byte-order mark", bytes("\uFEFF" + sample),
                "with LF line ends and a trailing empty line", bytes(sample.replace("\r\n", "\n") + "\n"),
                "with re-cased, spaced and reordered headers", bytes(reorder(lines)),
                "with every field quoted", bytes(sample.replaceAll("([^,\r\n]*)(,|\r\n)", "\"$1\"$2")),
                "compressed with gzip", UploadClient.gzip(bytes(sample)));
        for (var variant : variants.entrySet()) {
            String page = UploadClient.upload("variant.csv", variant.getValue());
            assertTrue(page.contains("No changes: every number already had these values."), variant.getKey() + ":\n" + page);
            assertEquals(imported, fixtures.inventorySnapshot(parent), variant.getKey());
        }
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void uploadingTheSameFileTwiceChangesNothingTheSecondTime() {
        UploadClient.upload("status-report.csv", bytes(sample));
        String imported = fixtures.inventorySnapshot(parent);
        long history = fixtures.historyCount(parent);
        String page = UploadClient.upload("status-report.csv", bytes(sample));
        assertTrue(page.contains("No changes: every number already had these values."), page);
        assertTrue(page.contains("The same file was already imported on"), page);
        assertTrue(page.contains("SHA-256 of the file as uploaded: <code>" + sha256(bytes(sample)) + "</code>"), page);
        assertEquals(imported, fixtures.inventorySnapshot(parent));
        assertEquals(history, fixtures.historyCount(parent));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void oneStatusChangeRecordsExactlyOneHistoryEntry() {
        UploadClient.upload("status-report.csv", bytes(sample));
        long history = fixtures.historyCount(parent);
        List<String> before = List.of(fixtures.inventorySnapshot(parent).split("\n"));
        String changed = sample.replace("+13125550112,PENDING_REGISTRATION", "+13125550112,REGISTERED");
        String page = UploadClient.upload("status-report-next-day.csv", bytes(changed));
        assertTrue(page.contains("12 rows read: 0 added, 1 updated, 11 unchanged."), page);
        // the changed number keeps its account and reported SIDs; every other number is as it was
        List<String> after = List.of(fixtures.inventorySnapshot(parent).split("\n"));
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).startsWith("+13125550112 ")) {
                String[] was = before.get(i).split(" ");
                String[] is = after.get(i).split(" ");
                assertEquals(List.of(was[0], was[1], "PENDING_REGISTRATION", "CM56aaef01957a0b51f129c35e8170b211",
                        "MGc9e2a84442ecbe2848b717f28d4e847b"), List.of(was).subList(0, 5));
                assertEquals(List.of(was[0], was[1], "REGISTERED", was[3], was[4], was[5]), List.of(is).subList(0, 6));
            } else {
                assertEquals(before.get(i), after.get(i));
            }
        }
        assertTrue(page.contains("1 Pending registration &rarr; Registered"), page);
        assertEquals(history + 1, fixtures.historyCount(parent));

        String uploadPath = page.substring(page.indexOf("/uploads/"), page.indexOf("/file\""));
        given().get(uploadPath + "/changes?from=PENDING_REGISTRATION&to=REGISTERED").then().statusCode(200)
                .body(containsString("+13125550112"));
        given().urlEncodingEnabled(false).get("/numbers/%2B13125550112").then().statusCode(200)
                .body(containsString("Status history"), containsString("Pending registration</td><td>Registered"),
                        containsString("In Registered for 0 days"));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void theSummaryCountsAndNamesWhatChangedForTheUser() {
        UploadClient.upload("status-report.csv", bytes(sample));
        String[] lines = sample.split("\r\n");
        // only the campaign SID the report gives for a number: nothing a user sees changes
        String reportedOnly = sample.replace(lines[1], lines[1].replace("CM56aaef01957a0b51f129c35e8170b211", "CM" + "1".repeat(32)));
        String page = UploadClient.upload("reported-sids.csv", bytes(reportedOnly));
        assertTrue(page.contains("12 rows read: 0 added, 0 updated, 12 unchanged."), page);
        assertFalse(page.contains("What changed:"), page);

        // a status, a messaging service (and with it the campaign shown), an account
        var service = fixtures.service(parent, io.a2pportal.numbers.BrandType.STANDARD, false,
                io.a2pportal.numbers.CampaignStatus.VERIFIED);
        String moved = java.util.Arrays.stream(lines).filter(l -> l.startsWith(one.sid)).findFirst().orElseThrow();
        String changed = reportedOnly.replace("+13125550112,PENDING_REGISTRATION", "+13125550112,REGISTERED")
                .replace(lines[2], lines[2].replace("MGc9e2a84442ecbe2848b717f28d4e847b", service.sid))
                .replace(moved, moved.replace(one.sid, two.sid));
        page = UploadClient.upload("status-report-next-day.csv", bytes(changed));
        assertTrue(page.contains("12 rows read: 0 added, 3 updated, 9 unchanged."), page);
        assertTrue(page.contains("What changed: 1 status, 1 campaign, 1 messaging service, 1 number moved to another account."),
                page);
        assertTrue(page.contains("<th scope=\"row\">Status changed</th><td>1</td>"), page);
        assertTrue(page.contains("<th scope=\"row\">Campaign changed</th><td>1</td>"), page);
        assertTrue(page.contains("<th scope=\"row\">Messaging service changed</th><td>1</td>"), page);
        assertTrue(page.contains("<th scope=\"row\">Moved to another account</th><td>1</td>"), page);
        assertTrue(page.contains("1 Pending registration &rarr; Registered"), page);
        String uploadPath = page.substring(page.indexOf("/uploads/"), page.indexOf("/file\""));
        given().get(uploadPath + "/changes?from=PENDING_REGISTRATION&to=REGISTERED").then().statusCode(200)
                .body(containsString("Pending registration &rarr; Registered"), containsString("+13125550112"));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void aFailureHalfWayThroughLeavesTheInventoryAsItWas() {
        UploadClient.upload("status-report.csv", bytes(sample));
        String before = fixtures.inventorySnapshot(parent);
        long history = fixtures.historyCount(parent);
        String changed = sample.replace("PENDING_REGISTRATION", "REGISTERED").replace("+14155550114", "+14155550199");
        for (String step : new String[] { "applied", "stored" }) {
            // TestImportSteps breaks the import after the step its name gives
            String page = UploadClient.upload("status-report.break-after-" + step + ".csv", bytes(changed));
            assertTrue(page.contains("Failed: nothing changed"), page);
            assertTrue(page.contains("The import failed and nothing was changed."), page);
            assertEquals(2, steps.count("status-report.break-after-" + step + ".csv", ImportSteps.Step.APPLIED),
                    "the ledger had applied the changes in the import's transaction");
            assertEquals(before, fixtures.inventorySnapshot(parent), "after a failure following step " + step);
            assertEquals(history, fixtures.historyCount(parent));
        }
        String page = UploadClient.upload("status-report.csv", bytes(changed));
        assertTrue(page.contains("12 rows read: 1 added, 1 updated, 10 unchanged."), page);
        assertNotEquals(before, fixtures.inventorySnapshot(parent));
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void theStoredCopyDownloadsAsUploaded() throws IOException {
        // a gzip file downloads as it came, still compressed: the bytes whose SHA-256 the page shows
        byte[] uploaded = UploadClient.gzip(bytes(sample));
        String page = UploadClient.upload("status-report.csv.gz", uploaded);
        String path = page.substring(page.indexOf("/uploads/"), page.indexOf("/file\"")) + "/file";
        byte[] file = given().get(path).then().statusCode(200).contentType(containsString("application/gzip"))
                .header("Content-Disposition", containsString("status-report.csv.gz")).extract().asByteArray();
        assertArrayEquals(uploaded, file);
        assertTrue(page.contains("SHA-256 of the file as uploaded: <code>" + sha256(file) + "</code>"), page);
        assertEquals(sha256(uploaded), sha256(file));
        try (InputStream csv = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(file))) {
            assertEquals(sample, new String(csv.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void theStoredCopyOfAPlainCsvDownloadsByteForByte() {
        // kept compressed with Zstandard; the download gives back exactly the bytes uploaded
        String crlf = "\uFEFF" + sample.replace("\n", "\r\n");
        String page = UploadClient.upload("status-report.csv", bytes(crlf));
        String path = page.substring(page.indexOf("/uploads/"), page.indexOf("/file\"")) + "/file";
        byte[] csv = given().get(path).then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("status-report.csv")).extract().asByteArray();
        assertArrayEquals(bytes(crlf), csv);
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void numbersListedTwiceAreComparedWithTheirFirstListing() {
        numbersListedTwice();
    }

    /** Known numbers listed twice: identical repeats are harmless, differing ones are errors, whether the first listing changes the number or not. */
    private void numbersListedTwice() {
        UploadClient.upload("status-report.csv", bytes(sample));
        String imported = fixtures.inventorySnapshot(parent);
        long history = fixtures.historyCount(parent);
        String line4 = sample.split("\r\n")[3];
        String line4Failed = line4.replace("PENDING_REGISTRATION", "FAILURE");
        String line13 = sample.split("\r\n")[12].replace("REGISTERED", "FAILURE");

        String page = UploadClient.upload("repeats.csv", bytes(sample + line4 + "\r\n" + line13 + "\r\n"));
        assertTrue(page.contains("The file was not imported: 1 problem to fix first."), page);
        assertTrue(page.contains("<td>15</td><td>PhoneNumber</td><td>+17375550121 is listed more than once with different values "
                + "(first on line 13)."), page);
        assertEquals(imported, fixtures.inventorySnapshot(parent));

        String changed = sample.replace(line4, line4Failed);
        page = UploadClient.upload("changed-twice.csv", bytes(changed + line4 + "\r\n"));
        assertTrue(page.contains("<td>14</td><td>PhoneNumber</td><td>+13125550112 is listed more than once with different values "
                + "(first on line 4)."), page);
        assertEquals(imported, fixtures.inventorySnapshot(parent));
        assertEquals(history, fixtures.historyCount(parent));

        page = UploadClient.upload("changed-repeated.csv", bytes(changed + line4Failed + "\r\n" + sample.split("\r\n")[1] + "\r\n"));
        assertTrue(page.contains("14 rows read: 0 added, 1 updated, 11 unchanged."), page);
        assertTrue(page.contains("1 Pending registration &rarr; Failure"), page);
        assertEquals(history + 1, fixtures.historyCount(parent));
        given().get("/numbers?status=FAILURE").then().statusCode(200).body(containsString("+13125550112"));
    }

    private static String reorder(String[] lines) {
        StringBuilder out = new StringBuilder("Phone Number, status ,ACCOUNT_SID,messaging service sid,campaignSID\r\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            out.append(f[3]).append(',').append(f[4]).append(',').append(f[0]).append(',').append(f[2]).append(',').append(f[1])
                    .append("\r\n");
        }
        return out.toString();
    }

    private static String sha256(byte[] file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
