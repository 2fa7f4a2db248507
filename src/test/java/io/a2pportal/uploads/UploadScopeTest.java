package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Rows of another tenant or of a sibling subaccount change nothing; other tenants' uploads do not exist. */
@QuarkusTest
class UploadScopeTest {

    static final String DOMAIN = "upload-scope.test";
    static final String HEADER = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n";
    static long ownerAUpload;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void subaccountMemberCannotUploadRowsOfTheParentOrASibling() {
        String before = fixtures.inventorySnapshot(t.a);
        String page = UploadClient.upload("mixed.csv", (HEADER
                + t.a1.sid + ",,," + t.a1Numbers.get(0) + ",REGISTERED\r\n"
                + t.a2.sid + ",,," + t.a2Numbers.get(0) + ",REGISTERED\r\n"
                + t.a.sid + ",,,+15005550100,REGISTERED\r\n"
                + t.a1.sid + ",,," + t.a2Numbers.get(1) + ",REGISTERED\r\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(page.contains("<td>3</td><td>AccountSid</td><td>" + t.a2.sid + " is not an account you can upload for."), page);
        assertTrue(page.contains("<td>4</td><td>AccountSid</td><td>" + t.a.sid + " is not an account you can upload for."), page);
        assertTrue(page.contains("<td>5</td><td>PhoneNumber</td><td>" + t.a2Numbers.get(1)
                + " belongs to another account of your organisation"), page);
        assertEquals(before, fixtures.inventorySnapshot(t.a));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantsRowsAreRejected() {
        String before = fixtures.inventorySnapshot(t.a);
        String page = UploadClient.upload("theirs.csv", (HEADER + t.a.sid + ",,," + t.aNumbers.get(0) + ",FAILURE\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(page.contains(t.a.sid + " is not an account you can upload for."), page);
        assertEquals(before, fixtures.inventorySnapshot(t.a));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void anOwnersUploadIsListedForThem() {
        var posted = UploadClient.post("ours.csv", (HEADER + t.a2.sid + ",,," + t.a2Numbers.get(2) + ",FAILURE\r\n")
                .getBytes(StandardCharsets.UTF_8));
        ownerAUpload = UploadClient.idOf(posted);
        given().get("/uploads").then().statusCode(200).body(containsString("ours.csv"), containsString("owner-a@" + DOMAIN));
        given().get("/uploads/" + ownerAUpload + "/file").then().statusCode(200);
        given().get("/uploads/" + ownerAUpload + "/changes").then().statusCode(400)
                .body(containsString("A status is missing."));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantsUploadDoesNotExist() {
        long id = uploadOfOwnerA();
        given().get("/uploads/" + id).then().statusCode(404);
        given().get("/uploads/" + id + "/file").then().statusCode(404);
        given().get("/uploads/" + id + "/errors.csv").then().statusCode(404);
        given().get("/uploads/" + id + "/changes?to=FAILURE").then().statusCode(404);
        given().get("/uploads").then().statusCode(200).body(not(containsString("ours.csv")));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void aSubaccountMemberDoesNotSeeTheParentsUploads() {
        long id = uploadOfOwnerA();
        given().get("/uploads/" + id).then().statusCode(404);
        given().get("/uploads/" + id + "/file").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void anEarlierCopyIsOnlyMentionedWhenItIsInTheMembersScope() throws NoSuchAlgorithmException {
        byte[] file = (HEADER + t.a1.sid + ",,,+15005550199,PENDING_REGISTRATION\r\n").getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        long parents = fixtures.uploadFor(t.a, "same-bytes.csv", sha256);

        String first = UploadClient.upload("mine.csv", file);
        assertTrue(first.contains("1 row read: 1 added, 0 updated, 0 unchanged."), first);
        assertTrue(first.contains("SHA-256 of the file as uploaded: <code>" + sha256 + "</code>"), first);
        assertFalse(first.contains("The same file was already imported"), first);

        String second = UploadClient.upload("mine-again.csv", file);
        assertTrue(second.contains("The same file was already imported on"), second);
        assertFalse(second.contains("(upload " + parents + ")"), second);
    }

    private long uploadOfOwnerA() {
        if (ownerAUpload == 0) {
            ownerAUpload = fixtures.uploadFor(t.a, "ours.csv");
        }
        return ownerAUpload;
    }
}
