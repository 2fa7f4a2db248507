package io.a2pportal.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Each file of the bad-file corpus gets its own clear message, and leaves the inventory as it was. */
@QuarkusTest
class UploadRejectionTest {

    static final String OWNER = "owner@rejections.test";
    static final String PARENT_SID = "ACd35c790730359ccab2a953238a391bc3";

    @Inject
    Fixtures fixtures;

    Account parent;

    @BeforeEach
    void data() {
        parent = fixtures.accountWithSid(PARENT_SID, "Sample Parent", null);
        fixtures.accountWithSid("ACff6648711d1abfe47feb1850709b6c3b", "Sample Sole Proprietor", parent);
        if (fixtures.membershipOf(OWNER) == null) {
            fixtures.member(parent, OWNER, Role.OWNER);
            fixtures.numbers(parent, null, io.a2pportal.numbers.RegistrationStatus.PENDING_REGISTRATION, 3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty.csv             | The file is empty.",
            "header-only.csv       | The file has a header but no rows.",
            "wrong-header.csv      | The first line is not a header the portal knows. A status report starts with AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status",
            "html-page.csv         | This is a web page (HTML), not a CSV file.",
            "binary.csv            | This is not a text file: it holds binary data.",
            "not-utf8.csv          | The file is not UTF-8 text.",
            "long-line.csv         | Line 2 is longer than 4,096 characters",
            "corrupt.csv.gz        | The gzip file is damaged or cut short.",
            "gzip-bomb.csv.gz      | The compressed file expands to more than 1 MB, the most the portal accepts.",
            "bad-rows.csv          | The file was not imported: 7 problems to fix first. Nothing was changed.",
            "duplicate-number.csv  | The file was not imported: 1 problem to fix first. Nothing was changed.",
    })
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void badFileIsRejectedWithItsOwnMessage(String file, String message) throws IOException {
        UploadClient.assertRejected(fixtures, parent, file, read(file), message);
    }

    @org.junit.jupiter.api.Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void aFileOverTheSizeLimitIsRefusedBeforeAnythingElse() throws IOException {
        String before = fixtures.inventorySnapshot(parent);
        UploadClient.post("too-large.csv", read("too-large.csv")).then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("The file is 0.2 MB; the portal accepts files up to 0.2 MB."));
        assertEquals(before, fixtures.inventorySnapshot(parent));
    }

    @org.junit.jupiter.api.Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void rowProblemsAreListedWithLineColumnAndReason() throws IOException {
        String page = UploadClient.upload("bad-rows.csv", read("bad-rows.csv"));
        for (String expected : new String[] {
                "<td>2</td><td>PhoneNumber</td><td>\u201c4155550110\u201d is not a phone number in E.164 form",
                "<td>3</td><td>Status</td><td>\u201cACTIVE\u201d is not a registration status.",
                "<td>4</td><td>AccountSid</td><td>\u201cAC123\u201d is not an account SID",
                "<td>5</td><td>AccountSid</td><td>AC" + "e".repeat(32) + " is not an account you can upload for.",
                "<td>6</td><td>CampaignSid</td><td>\u201cXX56aaef01957a0b51f129c35e8170b211\u201d is not a campaign SID",
                "<td>7</td><td>MessagingServiceSid</td><td>\u201cMGnothex\u201d is not a messaging service SID",
                "<td>8</td><td>(row)</td><td>has 4 fields; a status report row has 5." }) {
            assertTrue(page.contains(expected), () -> "missing: " + expected + "\n" + page);
        }
        String csv = io.restassured.RestAssured.given().get(page.substring(page.indexOf("/uploads/"), page.indexOf("/errors.csv"))
                + "/errors.csv").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        assertTrue(csv.startsWith("Line,Column,Problem,PhoneNumber\r\n2,PhoneNumber,"), csv);
        assertEquals(8, csv.split("\r\n").length, csv);
        // each bad row's phone number as the row gave it, the one of short row 8 too
        String[] lines = csv.split("\r\n");
        String[] phones = { "4155550110", "+14155550111", "+14155550112", "+14155550113", "+14155550114", "+14155550115",
                "+14155550116" };
        for (int i = 0; i < phones.length; i++) {
            assertTrue(lines[i + 1].startsWith((i + 2) + ","), csv);
            assertTrue(lines[i + 1].endsWith("," + phones[i]), () -> "no phone number at the end of: " + csv);
        }
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = UploadRejectionTest.class.getResourceAsStream("/uploads/bad/" + file)) {
            return in.readAllBytes();
        }
    }
}
