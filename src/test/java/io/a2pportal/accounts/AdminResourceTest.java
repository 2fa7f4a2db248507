package io.a2pportal.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Only a platform administrator creates parent accounts, each with a first owner. */
@QuarkusTest
class AdminResourceTest {

    static final String NEW_OWNER = "first-owner@admin.test";

    @Inject
    Fixtures fixtures;

    @Test
    @TestSecurity(user = "admin", roles = "portal-admin")
    @OidcSecurity(claims = @Claim(key = "email", value = "admin@admin.test"))
    void administratorCreatesAParentAccountWithItsFirstOwner() {
        String sid = Fixtures.sid("AC");
        String flash = Csrf.from("/admin/accounts").form().formParam("sid", sid).formParam("name", "Delta Vendor")
                .formParam("notificationEmail", "ops@delta.test").formParam("ownerEmail", NEW_OWNER)
                .post("/admin/accounts").then().statusCode(303).extract().cookie("portal-flash");
        given().cookie("portal-flash", flash).get("/admin/accounts").then().statusCode(200)
                .body(containsString("Delta Vendor"), containsString(sid), containsString("ops@delta.test"),
                        containsString("Parent account Delta Vendor created; first-owner@admin.test is its owner."));
        assertEquals("Delta Vendor", fixtures.membershipOf(NEW_OWNER).account.name);
        assertEquals(Role.OWNER, fixtures.membershipOf(NEW_OWNER).role);
    }

    @Test
    @TestSecurity(user = "admin", roles = "portal-admin")
    @OidcSecurity(claims = @Claim(key = "email", value = "admin@admin.test"))
    void badAccountDetailsCreateNothing() {
        long accounts = fixtures.accountCount();
        long members = fixtures.membershipCount();
        Csrf.from("/admin/accounts").form().formParam("sid", "AC12").formParam("name", "X").formParam("notificationEmail", "a@b.test")
                .formParam("ownerEmail", "o@b.test").post("/admin/accounts").then().statusCode(400)
                .body(containsString("The account SID must be AC followed by 32 lowercase hexadecimal characters"));
        Csrf.from("/admin/accounts").form().formParam("sid", Fixtures.sid("AC")).formParam("name", "X")
                .formParam("notificationEmail", "a@b.test").formParam("ownerEmail", "nobody").post("/admin/accounts").then()
                .statusCode(400).body(containsString("\u201cnobody\u201d is not a valid email address."));
        Account existing = fixtures.parent("Existing Vendor");
        Csrf.from("/admin/accounts").form().formParam("sid", existing.sid).formParam("name", "Copy")
                .formParam("notificationEmail", "a@b.test").formParam("ownerEmail", "o@b.test").post("/admin/accounts").then()
                .statusCode(400).body(containsString("already exists"));
        assertEquals(accounts + 1, fixtures.accountCount());
        assertEquals(members, fixtures.membershipCount());
    }

    @Test
    @TestSecurity(user = "not-admin", roles = "user")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@accounts.test"))
    void anyoneElseIsRefused() {
        long accounts = fixtures.accountCount();
        given().get("/admin/accounts").then().statusCode(403).body(containsString("Not allowed"));
        Csrf.from("/signed-out").form().formParam("sid", Fixtures.sid("AC")).formParam("name", "Sneaky")
                .formParam("notificationEmail", "a@b.test").formParam("ownerEmail", "o@b.test").post("/admin/accounts").then()
                .statusCode(403);
        assertEquals(accounts, fixtures.accountCount());
    }
}
