package io.a2pportal.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Owners manage subaccounts and members in their scope; everyone else changes nothing. */
@QuarkusTest
class AccountsResourceTest {

    static final String DOMAIN = "accounts.test";
    static final String SUB_OWNER = "sub-owner@" + DOMAIN;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (fixtures.membershipOf(SUB_OWNER) == null) {
            fixtures.member(t.a2, SUB_OWNER, Role.OWNER);
        }
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerInvitesAMemberAndTheAuditLogSaysSo() {
        Csrf csrf = Csrf.from("/accounts");
        csrf.form().formParam("email", " New.Person@Example.COM ").formParam("account", t.a1.sid).formParam("role", "MEMBER")
                .post("/accounts/members").then().statusCode(303).header("Location", containsString("/accounts"));
        given().get("/accounts").then().statusCode(200).body(containsString("new.person@example.com"));
        given().get("/accounts/audit").then().statusCode(200)
                .body(containsString("Added new.person@example.com as Member of " + t.a1.name), containsString("owner-a@" + DOMAIN));

        long before = fixtures.membershipCount();
        Csrf.from("/accounts").form().formParam("email", "new.person@example.com").formParam("account", t.a1.sid)
                .formParam("role", "MEMBER").post("/accounts/members").then().statusCode(400)
                .body(containsString("new.person@example.com is already a member of " + t.a1.name));
        assertEquals(before, fixtures.membershipCount());
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void invitationWithABadEmailOrRoleChangesNothing() {
        long before = fixtures.membershipCount();
        Csrf.from("/accounts").form().formParam("email", "not-an-email").formParam("account", t.a.sid).formParam("role", "OWNER")
                .post("/accounts/members").then().statusCode(400)
                .body(containsString("Nothing was changed."), containsString("\u201cnot-an-email\u201d is not a valid email address."));
        Csrf.from("/accounts").form().formParam("email", "someone@example.com").formParam("account", t.a.sid)
                .formParam("role", "KING").post("/accounts/members").then().statusCode(400)
                .body(containsString("Choose the role Owner or Member."));
        assertEquals(before, fixtures.membershipCount());
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerAddsASubaccountButNotADuplicateOrMalformedOne() {
        String sid = Fixtures.sid("AC");
        Csrf.from("/accounts").form().formParam("sid", sid).formParam("name", "Gamma Clinic").post("/accounts/subaccounts")
                .then().statusCode(303);
        given().get("/accounts").then().statusCode(200).body(containsString("Gamma Clinic"), containsString(sid),
                containsString("<td>" + t.a.name + "</td><td><code>" + t.a.sid + "</code></td><td>Parent account</td>"),
                containsString("<td>Gamma Clinic</td><td><code>" + sid + "</code></td><td>Subaccount</td>"));

        long before = fixtures.accountCount();
        Csrf.from("/accounts").form().formParam("sid", sid).formParam("name", "Gamma Again").post("/accounts/subaccounts")
                .then().statusCode(400).body(containsString("An account with SID " + sid + " already exists."));
        Csrf.from("/accounts").form().formParam("sid", t.b.sid).formParam("name", "Stolen").post("/accounts/subaccounts")
                .then().statusCode(400).body(containsString("cannot be added as a subaccount"), not(containsString("already exists")));
        Csrf.from("/accounts").form().formParam("sid", "ACnothex").formParam("name", "Bad").post("/accounts/subaccounts")
                .then().statusCode(400).body(containsString("The subaccount SID must be AC followed by 32 lowercase hexadecimal characters"));
        Csrf.from("/accounts").form().formParam("sid", Fixtures.sid("AC")).formParam("name", "  ").post("/accounts/subaccounts")
                .then().statusCode(400).body(containsString("Give the account a name"));
        assertEquals(before, fixtures.accountCount());
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerCannotTouchAnotherTenantsMembers() {
        long before = fixtures.membershipCount();
        Csrf.from("/accounts").form().formParam("email", "x@example.com").formParam("account", t.b.sid).formParam("role", "MEMBER")
                .post("/accounts/members").then().statusCode(404);
        Membership ownerB = fixtures.membershipOf("owner-b@" + DOMAIN);
        Csrf.from("/accounts").form().post("/accounts/members/" + ownerB.id + "/remove").then().statusCode(404);
        assertEquals(before, fixtures.membershipCount());
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void ownerRemovesAMemberButNotTheLastOwner() {
        Membership extra = fixtures.member(t.a2, "leaving@" + DOMAIN, Role.MEMBER);
        Csrf.from("/accounts").form().post("/accounts/members/" + extra.id + "/remove").then().statusCode(303);
        given().get("/accounts").then().body(not(containsString("leaving@" + DOMAIN)));
        given().get("/accounts/audit").then().body(containsString("Removed leaving@" + DOMAIN));

        Membership self = fixtures.membershipOf("owner-a@" + DOMAIN);
        Csrf.from("/accounts").form().post("/accounts/members/" + self.id + "/remove").then().statusCode(400)
                .body(containsString("is the last owner of " + t.a.name));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void memberManagesNothing() {
        long members = fixtures.membershipCount();
        long accounts = fixtures.accountCount();
        given().get("/accounts").then().statusCode(200)
                .body(containsString("member-a1@" + DOMAIN), containsString("owner-a@" + DOMAIN), not(containsString("Invite someone")));
        Csrf csrf = Csrf.from("/numbers");
        csrf.form().formParam("email", "x@example.com").formParam("account", t.a1.sid).formParam("role", "MEMBER")
                .post("/accounts/members").then().statusCode(403).body(containsString("Your role does not allow this"));
        csrf.form().formParam("sid", Fixtures.sid("AC")).formParam("name", "Nope").post("/accounts/subaccounts").then().statusCode(403);
        csrf.form().post("/accounts/members/" + fixtures.membershipOf("owner-a@" + DOMAIN).id + "/remove").then().statusCode(403);
        given().get("/accounts/audit").then().statusCode(403);
        assertEquals(members, fixtures.membershipCount());
        assertEquals(accounts, fixtures.accountCount());
    }

    @Test
    @TestSecurity(user = "sub-owner")
    @OidcSecurity(claims = @Claim(key = "email", value = SUB_OWNER))
    void subaccountOwnerManagesOnlyTheirSubaccount() {
        Csrf.from("/accounts").form().formParam("email", "helper@" + DOMAIN).formParam("account", t.a2.sid).formParam("role", "MEMBER")
                .post("/accounts/members").then().statusCode(303);
        Csrf.from("/accounts").form().formParam("email", "helper@" + DOMAIN).formParam("account", t.a.sid).formParam("role", "MEMBER")
                .post("/accounts/members").then().statusCode(404);
        Csrf.from("/accounts").form().formParam("email", "helper@" + DOMAIN).formParam("account", t.a1.sid).formParam("role", "MEMBER")
                .post("/accounts/members").then().statusCode(404);
        Csrf.from("/accounts").form().formParam("sid", Fixtures.sid("AC")).formParam("name", "Nope").post("/accounts/subaccounts")
                .then().statusCode(403);
        given().get("/accounts/audit").then().statusCode(200).body(containsString("Added helper@" + DOMAIN),
                not(containsString(t.a1.name)));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aFormWithoutItsCsrfTokenIsRefused() {
        long before = fixtures.membershipCount();
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("email", "csrf@example.com")
                .formParam("account", t.a.sid).formParam("role", "MEMBER").post("/accounts/members").then().statusCode(400);
        assertEquals(before, fixtures.membershipCount());
    }
}
