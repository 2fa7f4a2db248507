package io.a2pportal.notifications;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.numbers.StatusLedger;
import io.a2pportal.numbers.StatusLedger.Observation;
import io.a2pportal.numbers.StatusLedger.Source;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Alerts and digests reach only the people whose scope covers the numbers, once, batched, for
 * exactly their period; every mail can be turned off in one click without a login.
 */
@QuarkusTest
class NotificationsTest {

    static final String DOMAIN = "notifications.test";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    StatusLedger ledger;

    @Inject
    MockMailbox mailbox;

    @Inject
    EntityManager em;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theChoicesAreSavedOnTheirPageAndABadOneIsRefused() {
        given().get("/notifications").then().statusCode(200).body(containsString("What to send to owner-a@" + DOMAIN));
        Csrf.from("/notifications").form().formParam("failures", "on").formParam("digest", "WEEKLY")
                .formParam("zone", "Europe/Paris").post("/notifications").then().statusCode(303);
        String page = given().get("/notifications").then().statusCode(200).extract().asString();
        assertTrue(page.contains("name=\"failures\" value=\"on\" checked"), "failure alerts on");
        assertFalse(page.contains("name=\"aging\" value=\"on\" checked"), "aging alerts off");
        assertTrue(page.contains("value=\"WEEKLY\" checked"), "weekly digest");
        assertTrue(page.contains("<option value=\"Europe/Paris\" selected>"), "the zone");
        given().get("/accounts/audit").then().body(containsString("Notifications: failure alerts, no aging alerts, weekly"));

        Csrf.from("/notifications").form().formParam("zone", "Mars/Olympus").post("/notifications").then().statusCode(400)
                .body(containsString("Unknown time zone “Mars/Olympus”"));
        Csrf.from("/notifications").form().formParam("digest", "HOURLY").post("/notifications").then().statusCode(400)
                .body(containsString("Unknown digest “HOURLY”"));
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("failures", "on")
                .post("/notifications").then().statusCode(400);
        prefer("owner-a@" + DOMAIN, false, false, NotificationPreference.Digest.NONE, "UTC");
    }

    @Test
    void aFailureAlertReachesOnlyThoseWhoseScopeCoversTheNumbersOnceAndCanBeTurnedOffWithoutALogin() throws Exception {
        String ownerA = "owner-a@" + DOMAIN;
        String memberA1 = "member-a1@" + DOMAIN;
        String ownerB = "owner-b@" + DOMAIN;
        for (String who : List.of(ownerA, memberA1, ownerB)) {
            prefer(who, true, false, NotificationPreference.Digest.NONE, "America/Chicago");
        }
        String inA1 = t.a1Numbers.get(0);
        String inA = t.aNumbers.get(0);
        String inB = t.bNumbers.get(0);
        // one status report's worth for tree A, and a failure in tree B
        apply(t.a, fail(inA1, t.a1, RegistrationStatus.FAILURE), fail(inA, t.a, RegistrationStatus.FAILURE));
        apply(t.b, fail(inB, t.b, RegistrationStatus.FAILURE));

        Mail toOwner = awaitOneMail(ownerA);
        assertEquals("2 numbers moved to Failure in " + t.a.name + " and its subaccounts", toOwner.getSubject());
        assertTrue(toOwner.getText().contains(inA1) && toOwner.getText().contains(inA), toOwner.getText());
        assertFalse(toOwner.getText().contains(inB), "nothing of the other tenant");
        assertTrue(toOwner.getText().contains("Registration failed"), toOwner.getText());
        assertTrue(toOwner.getHtml().contains("/numbers?status=FAILURE"), toOwner.getHtml());
        Mail toMember = awaitOneMail(memberA1);
        assertEquals("1 number moved to Failure in " + t.a1.name, toMember.getSubject());
        assertTrue(toMember.getText().contains(inA1), toMember.getText());
        assertFalse(toMember.getText().contains(inA), "a subaccount member hears nothing of the parent's numbers");
        assertTrue(toMember.getText().contains("/numbers?account=" + t.a1.sid + "&status=FAILURE"), toMember.getText());

        // the one-click link, as the mail client sees it
        String header = toMember.getHeaders().get("List-Unsubscribe").get(0);
        assertEquals(List.of("List-Unsubscribe=One-Click"), toMember.getHeaders().get("List-Unsubscribe-Post"));
        String path = header.substring(header.indexOf("/unsubscribe/"), header.length() - 1);
        assertTrue(toMember.getText().contains(path), "the body has the same link");

        Thread.sleep(1500);
        assertEquals(1, mailbox.getMailsSentTo(ownerA).size(), "no second mail about the same failures");
        assertEquals(1, mailbox.getMailsSentTo(memberA1).size());
        Mail toOtherTenant = awaitOneMail(ownerB);
        assertTrue(toOtherTenant.getText().contains(inB), toOtherTenant.getText());
        assertFalse(toOtherTenant.getText().contains(inA) || toOtherTenant.getText().contains(inA1), "nothing of tree A");

        // opening the link changes nothing; the mail client's one-click POST, without a login, turns them off
        given().redirects().follow(false).get(path).then().statusCode(200)
                .body(containsString("Unsubscribe from failure alerts?")).body(containsString(memberA1));
        assertTrue(preference(memberA1).failureAlerts);
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("List-Unsubscribe", "One-Click").post(path).then().statusCode(200);
        assertFalse(preference(memberA1).failureAlerts);
        given().get(path).then().statusCode(200).body(containsString("You are unsubscribed"))
                .body(containsString(memberA1 + " no longer gets failure alerts for " + t.a1.name));

        // a link cannot be made for another user, nor for another kind of mail
        long ownerMembership = fixtures.membershipOf(ownerA).id;
        String token = path.substring("/unsubscribe/".length());
        String[] parts = token.split("\\.");
        for (String forged : List.of(ownerMembership + "." + parts[1] + "." + parts[2], parts[0] + ".digest." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A", "garbage")) {
            given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .formParam("List-Unsubscribe", "One-Click").post("/unsubscribe/" + forged).then().statusCode(404)
                    .body(containsString("This link is not valid"));
        }
        assertTrue(preference(ownerA).failureAlerts, "the owner's alerts are still on");

        // with them off, the member hears nothing of the next failure; the owner does
        String next = t.a1Numbers.get(1);
        apply(t.a, fail(next, t.a1, RegistrationStatus.FAILURE));
        Awaitility.await().atMost(PATIENCE).until(() -> mailbox.getMailsSentTo(ownerA).size() == 2);
        Thread.sleep(1500);
        assertEquals(1, mailbox.getMailsSentTo(memberA1).size());
        for (String who : List.of(ownerA, memberA1, ownerB)) {
            prefer(who, false, false, NotificationPreference.Digest.NONE, "UTC");
        }
    }

    @Test
    void tenThousandFailuresMakeOneMail() throws Exception {
        String owner = "bulk-owner@" + DOMAIN;
        Account root = fixtures.ownedTree("Bulk Failures " + DOMAIN, owner);
        prefer(owner, true, false, NotificationPreference.Digest.NONE, "UTC");
        List<String> numbers = fixtures.numbers(root, null, RegistrationStatus.PENDING_REGISTRATION, 10_000);
        List<Observation> failures = new ArrayList<>();
        for (String number : numbers) {
            failures.add(fail(number, root, RegistrationStatus.FAILURE));
        }
        apply(root, failures.toArray(Observation[]::new));

        Mail mail = awaitOneMail(owner);
        assertEquals("10,000 numbers moved to Failure in " + root.name + " and its subaccounts", mail.getSubject());
        assertTrue(mail.getText().contains(numbers.get(0)), "the first numbers are listed");
        assertTrue(mail.getText().contains("And 9,900 more."), mail.getText());
        Thread.sleep(1500);
        assertEquals(1, mailbox.getMailsSentTo(owner).size());
        prefer(owner, false, false, NotificationPreference.Digest.NONE, "UTC");
    }

    @Test
    void anAgingAlertTellsOfRegistrationsThatBecameOverdueSinceTheLastLookOnce() throws Exception {
        String owner = "aging-owner@" + DOMAIN;
        String member = "aging-member@" + DOMAIN;
        Account root = fixtures.ownedTree("Aging " + DOMAIN, owner);
        Account first = fixtures.sub(root, "Aging First " + DOMAIN);
        Account second = fixtures.sub(root, "Aging Second " + DOMAIN);
        fixtures.member(first, member, Role.MEMBER);
        MessagingService verified = fixtures.service(second, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        MessagingService pending = fixtures.service(second, BrandType.STANDARD, false, CampaignStatus.IN_PROGRESS);
        Instant now = Instant.now();
        String justOverdue = fixtures.numbers(second, verified, RegistrationStatus.PENDING_REGISTRATION, 1,
                now.minus(Duration.ofDays(14)).minus(Duration.ofMinutes(30))).get(0);
        String overdueLongAgo = fixtures.numbers(second, verified, RegistrationStatus.PENDING_REGISTRATION, 1,
                now.minus(Duration.ofDays(15))).get(0);
        String notYet = fixtures.numbers(second, verified, RegistrationStatus.PENDING_REGISTRATION, 1,
                now.minus(Duration.ofDays(13))).get(0);
        String campaignNotVerified = fixtures.numbers(second, pending, RegistrationStatus.PENDING_REGISTRATION, 1,
                now.minus(Duration.ofDays(14)).minus(Duration.ofMinutes(30))).get(0);
        for (String who : List.of(owner, member)) {
            prefer(who, false, true, NotificationPreference.Digest.NONE, "UTC");
            // the last look was an hour ago
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update notification_preference "
                    + "set aging_checked_until = ?1 where membership_id = ?2").setParameter(1, now.minus(Duration.ofHours(1)))
                    .setParameter(2, fixtures.membershipOf(who).id).executeUpdate());
        }

        Mail mail = awaitOneMail(owner);
        assertEquals("1 number waiting over two weeks for registration in " + root.name + " and its subaccounts",
                mail.getSubject());
        assertTrue(mail.getText().contains(justOverdue), mail.getText());
        for (String other : List.of(overdueLongAgo, notYet, campaignNotVerified)) {
            assertFalse(mail.getText().contains(other), other + " is not in the alert");
        }
        Thread.sleep(1500);
        assertEquals(1, mailbox.getMailsSentTo(owner).size(), "told once");
        assertEquals(0, mailsTo(member), "the number is not in the member's subaccount");
        for (String who : List.of(owner, member)) {
            prefer(who, false, false, NotificationPreference.Digest.NONE, "UTC");
        }
    }

    @Test
    void aDigestCoversExactlyItsLocalDayAcrossADaylightSavingChangeAndOnlyItsScope() throws Exception {
        String owner = "digest-owner@" + DOMAIN;
        String member = "digest-member@" + DOMAIN;
        Account root = fixtures.ownedTree("Digest " + DOMAIN, owner);
        Account first = fixtures.sub(root, "Digest First " + DOMAIN);
        Account second = fixtures.sub(root, "Digest Second " + DOMAIN);
        fixtures.member(first, member, Role.MEMBER);
        String inFirst = fixtures.numbers(first, null, RegistrationStatus.REGISTERED, 1).get(0);
        String inSecond = fixtures.numbers(second, null, RegistrationStatus.REGISTERED, 1).get(0);
        // 1 November 2026 in New York is 25 hours long: 04:00 to 05:00 the next day, UTC
        history(inFirst, RegistrationStatus.PENDING_DEREGISTRATION, RegistrationStatus.UNREGISTERED, "2026-11-01T03:59:59Z");
        history(inFirst, RegistrationStatus.UNREGISTERED, RegistrationStatus.PENDING_REGISTRATION, "2026-11-01T04:00:00Z");
        history(inFirst, RegistrationStatus.PENDING_REGISTRATION, RegistrationStatus.REGISTERED, "2026-11-02T04:30:00Z");
        history(inFirst, RegistrationStatus.REGISTERED, RegistrationStatus.FAILURE, "2026-11-02T05:00:00Z");
        history(inSecond, RegistrationStatus.UNREGISTERED, RegistrationStatus.PENDING_REGISTRATION, "2026-11-01T12:00:00Z");
        for (String who : List.of(owner, member)) {
            prefer(who, false, false, NotificationPreference.Digest.DAILY, "America/New_York");
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update notification_preference "
                    + "set digest_due_at = ?1 where membership_id = ?2").setParameter(1, Instant.parse("2026-11-02T05:00:00Z"))
                    .setParameter(2, fixtures.membershipOf(who).id).executeUpdate());
        }

        Mail toOwner = awaitOneMail(owner);
        assertEquals("Daily digest for " + root.name + " and its subaccounts: 3 numbers changed", toOwner.getSubject());
        String text = toOwner.getText();
        assertTrue(text.contains("What changed in " + root.name + " and its subaccounts on Sun 2026-11-01 (America/New_York)"), text);
        assertTrue(text.contains("Unregistered -> Pending registration: 2"), text);
        assertTrue(text.contains("Pending registration -> Registered: 1"), text);
        assertFalse(text.contains("Pending deregistration -> Unregistered"), "before the period");
        assertFalse(text.contains("Registered -> Failure"), "at its end, so in the next period");
        assertTrue(text.contains("/reports?changes_from=2026-11-01T00:00&changes_to=2026-11-02T00:00&zone=America/New_York&scope=all"),
                text);
        assertNotNull(toOwner.getHeaders().get("List-Unsubscribe"));

        Mail toMember = awaitOneMail(member);
        assertTrue(toMember.getText().contains("Unregistered -> Pending registration: 1"), toMember.getText());
        assertTrue(toMember.getText().contains("scope=" + first.sid), toMember.getText());
        // the next digest is the one of the day now under way, not one more about November
        Instant next = preference(owner).digestDueAt;
        assertTrue(next.isAfter(Instant.now()) && next.isBefore(Instant.now().plus(Duration.ofHours(25))), next.toString());
        Thread.sleep(1500);
        assertEquals(1, mailbox.getMailsSentTo(owner).size());
        for (String who : List.of(owner, member)) {
            prefer(who, false, false, NotificationPreference.Digest.NONE, "UTC");
        }
    }

    @Test
    void aDigestPeriodIsALocalDayOrAWeekFromMonday() {
        NotificationPreference p = new NotificationPreference();
        p.digest = NotificationPreference.Digest.DAILY;
        p.zone = "America/New_York";
        assertEquals(Instant.parse("2026-11-02T05:00:00Z"), p.periodEndAfter(Instant.parse("2026-11-01T12:00:00Z")));
        assertEquals(Instant.parse("2026-11-01T04:00:00Z"), p.periodStart(Instant.parse("2026-11-02T05:00:00Z")));
        // spring forward: 8 March 2026 is 23 hours long
        assertEquals(Instant.parse("2026-03-08T05:00:00Z"), p.periodStart(Instant.parse("2026-03-09T04:00:00Z")));
        p.digest = NotificationPreference.Digest.WEEKLY;
        // Wednesday 2 December 2026: the week ends at Monday 7 December's midnight
        assertEquals(Instant.parse("2026-12-07T05:00:00Z"), p.periodEndAfter(Instant.parse("2026-12-02T15:00:00Z")));
        assertEquals(Instant.parse("2026-11-30T05:00:00Z"), p.periodStart(Instant.parse("2026-12-07T05:00:00Z")));
        // at the very end of a period, the next one
        assertEquals(Instant.parse("2026-12-14T05:00:00Z"), p.periodEndAfter(Instant.parse("2026-12-07T05:00:00Z")));
    }

    private int mailsTo(String to) {
        List<Mail> mails = mailbox.getMailsSentTo(to);
        return mails == null ? 0 : mails.size();
    }

    private Mail awaitOneMail(String to) {
        Awaitility.await().atMost(PATIENCE).until(() -> mailbox.getMailsSentTo(to) != null && !mailbox.getMailsSentTo(to).isEmpty());
        List<Mail> mails = mailbox.getMailsSentTo(to);
        assertEquals(1, mails.size(), () -> mails.stream().map(Mail::getSubject).toList().toString());
        return mails.get(0);
    }

    private void prefer(String email, boolean failures, boolean aging, NotificationPreference.Digest digest, String zone) {
        QuarkusTransaction.requiringNew().run(() -> {
            Membership membership = Membership.findById(fixtures.membershipOf(email).id);
            NotificationPreference p = NotificationPreference.of(membership);
            if (p == null) {
                p = new NotificationPreference();
                p.membership = membership;
            }
            p.email = email;
            p.failureAlerts = failures;
            p.agingAlerts = aging;
            p.digest = digest;
            p.zone = zone;
            p.digestDueAt = p.periodEndAfter(Instant.now());
            p.persist();
        });
    }

    private NotificationPreference preference(String email) {
        return QuarkusTransaction.requiringNew().call(() -> NotificationPreference.findById(fixtures.membershipOf(email).id));
    }

    private static Observation fail(String e164, Account account, RegistrationStatus status) {
        return new Observation(e164, account.sid, status, null, null, Instant.now(), Source.EVENT, "ev-" + e164,
                "Carrier rejected", 30126);
    }

    private void apply(Account root, Observation... observations) {
        QuarkusTransaction.requiringNew().run(() -> ledger.apply(new TenantScope(root, Role.OWNER, root.id, null),
                List.of(observations)));
    }

    private void history(String e164, RegistrationStatus from, RegistrationStatus to, String at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, changed_at,
                    observed_at, source)
                select id, root_account_id, ?2, ?3, ?4, ?4, 'API' from phone_number where e164 = ?1""").setParameter(1, e164)
                .setParameter(2, from.name()).setParameter(3, to.name()).setParameter(4, Instant.parse(at)).executeUpdate());
    }
}
