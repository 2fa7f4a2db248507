package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The inventory file tells the portal which brand and campaign stand behind each messaging service. */
@QuarkusTest
@TestSecurity(user = "owner")
@OidcSecurity(claims = @Claim(key = "email", value = InventoryUploadTest.OWNER))
class InventoryUploadTest {

    static final String OWNER = "owner@inventory.test";

    @Inject
    Fixtures fixtures;

    @Test
    void inventoryThenStatusReportShowTheWholeChain() {
        Account parent = fixtures.ownedTree("Inventory Parent", OWNER);
        Account sub = fixtures.sub(parent, "Inventory Sub");
        String brand = Fixtures.sid("BN");
        String soleBrand = Fixtures.sid("BN");
        String campaign = Fixtures.sid("CM");
        String soleCampaign = Fixtures.sid("QE");
        String service = Fixtures.sid("MG");
        String soleService = Fixtures.sid("MG");
        String inventory = "account_sid, Brand SID, brandtype, BRAND_STATUS, campaign sid, use case, campaign status, messaging service sid\n"
                + parent.sid + "," + brand + ",LVS,APPROVED," + campaign + ",LOW_VOLUME,VERIFIED," + service + "\n"
                + sub.sid + "," + soleBrand + ",SOLE_PROPRIETOR,APPROVED," + soleCampaign + ",SOLE_PROPRIETOR,IN_PROGRESS," + soleService + "\n";
        String page = UploadClient.upload("inventory.csv", inventory.getBytes(StandardCharsets.UTF_8));
        assertTrue(page.contains("Inventory file"), page);
        assertTrue(page.contains("2 rows read: 2 added, 0 updated, 0 unchanged."), page);

        String again = UploadClient.upload("inventory.csv", inventory.getBytes(StandardCharsets.UTF_8));
        assertTrue(again.contains("No changes"), again);

        String report = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\n"
                + parent.sid + "," + campaign + "," + service + ",+15105550001,REGISTERED\n"
                + sub.sid + ",,,+15105550002,UNREGISTERED\n";
        assertTrue(UploadClient.upload("report.csv", report.getBytes(StandardCharsets.UTF_8)).contains("2 added"));
        given().get("/numbers?status=REGISTERED").then().statusCode(200)
                .body(containsString("+15105550001"), containsString(campaign), containsString(service), containsString("LVS"));
    }

    @Test
    void inconsistentInventoryIsRejectedWhole() {
        Account parent = fixtures.ownedTree("Inventory Bad Parent", OWNER);
        String soleBrand = Fixtures.sid("BN");
        String inventory = "AccountSid,BrandSid,BrandType,BrandStatus,CampaignSid,UseCase,CampaignStatus,MessagingServiceSid\n"
                + parent.sid + "," + soleBrand + ",SOLE_PROPRIETOR,APPROVED," + Fixtures.sid("CM") + ",MARKETING,VERIFIED," + Fixtures.sid("MG") + "\n"
                + parent.sid + "," + Fixtures.sid("BN") + ",MEGA,APPROVED," + Fixtures.sid("CM") + ",MIXED,VERIFIED," + Fixtures.sid("MG") + "\n";
        String page = UploadClient.upload("inventory.csv", inventory.getBytes(StandardCharsets.UTF_8));
        assertTrue(page.contains("A Sole Proprietor brand&#39;s campaign has the use case SOLE_PROPRIETOR")
                || page.contains("A Sole Proprietor brand's campaign has the use case SOLE_PROPRIETOR"), page);
        assertTrue(page.contains("\u201cMEGA\u201d is not a brand type: use SOLE_PROPRIETOR, STANDARD or LVS."), page);
        assertTrue(page.contains("Rejected: nothing changed"), page);
    }

    @Test
    void aServiceOfAnotherTenantIsRefusedWithoutSayingWhoHoldsIt() {
        Account other = fixtures.parent("Inventory Other Tenant");
        MessagingService theirs = fixtures.service(other, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        Account parent = fixtures.ownedTree("Inventory Own Tenant", OWNER);
        String inventory = "AccountSid,BrandSid,BrandType,BrandStatus,CampaignSid,UseCase,CampaignStatus,MessagingServiceSid\n"
                + parent.sid + "," + Fixtures.sid("BN") + ",STANDARD,APPROVED," + Fixtures.sid("CM") + ",MIXED,VERIFIED," + theirs.sid + "\n";
        String page = UploadClient.upload("inventory.csv", inventory.getBytes(StandardCharsets.UTF_8));
        assertTrue(page.contains("Rejected: nothing changed"), page);
        assertTrue(page.contains(theirs.sid + " cannot be used here. Check that it is the SID of one of your own messaging services"), page);
        assertFalse(page.contains("another customer"), page);
    }

    @Test
    void aLargeInventoryIsImportedAndReimportedWithItsLinks() {
        Account parent = fixtures.ownedTree("Inventory Large Parent", OWNER);
        Account sub = fixtures.sub(parent, "Inventory Large Sub");
        // 2,000 services of 20 campaigns (half known by their Console SID) of 10 brands of two accounts
        String[] brands = new String[10];
        String[] campaigns = new String[20];
        String[] services = new String[2000];
        for (int i = 0; i < brands.length; i++) {
            brands[i] = Fixtures.sid("BN");
        }
        for (int i = 0; i < campaigns.length; i++) {
            campaigns[i] = Fixtures.sid(i % 2 == 0 ? "CM" : "QE");
        }
        for (int i = 0; i < services.length; i++) {
            services[i] = Fixtures.sid("MG");
        }
        String header = "AccountSid,BrandSid,BrandType,BrandStatus,CampaignSid,UseCase,CampaignStatus,MessagingServiceSid\n";
        StringBuilder first = new StringBuilder(header);
        StringBuilder moved = new StringBuilder(header);
        for (int i = 0; i < services.length; i++) {
            int campaign = i / 100;
            // in the second file the services of each even campaign move to the next one, of the same brand
            int movedTo = campaign % 2 == 0 ? campaign + 1 : campaign;
            String account = (campaign / 2) % 2 == 0 ? parent.sid : sub.sid;
            String brand = brands[campaign / 2];
            first.append(account).append(',').append(brand).append(",STANDARD,APPROVED,").append(campaigns[campaign])
                    .append(",MIXED,VERIFIED,").append(services[i]).append('\n');
            moved.append(account).append(',').append(brand).append(",STANDARD,APPROVED,").append(campaigns[movedTo])
                    .append(",MIXED,VERIFIED,").append(services[i]).append('\n');
        }
        // compressed, as a file above the test's upload limit would be sent
        String page = UploadClient.upload("inventory.csv.gz", gzip(first));
        assertTrue(page.contains("2000 rows read: 2000 added, 0 updated, 0 unchanged."), page);

        String again = UploadClient.upload("inventory.csv.gz", gzip(first));
        assertTrue(again.contains("<tr><th scope=\"row\">Unchanged</th><td>2000</td></tr>"), again);
        assertTrue(again.contains("No changes"), again);

        String second = UploadClient.upload("inventory.csv.gz", gzip(moved));
        assertTrue(second.contains("2000 rows read: 0 added, 1000 updated, 1000 unchanged."), second);
    }

    private static byte[] gzip(CharSequence text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
