package io.a2pportal.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The Live updates page: what the whole tree's owner, a subaccount's owner and a member see; auth
 * tokens set, replaced and never shown again; Basic credentials shown once; another tenant's sink
 * and accounts out of reach; what the sink received and refused, as event_received and
 * event_problem hold it. The simulator is switched on, as in dev mode.
 */
@QuarkusTest
@TestProfile(LiveUpdatesPageTest.SimulatorOn.class)
class LiveUpdatesPageTest {

    public static class SimulatorOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.events.simulator.enabled", "true");
        }
    }

    static final String DOMAIN = "live.test";
    static final String A1_TOKEN = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1f00d";
    static final String A2_TOKEN = "a2a2a2a2a2a2a2a2a2a2a2a2a2a2beef";
    static final String B1_TOKEN = "b1b1b1b1b1b1b1b1b1b1b1b1b1b1cafe";
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final Pattern PASSWORD = Pattern.compile("<dt>Password</dt><dd><code>([^<]+)</code></dd>");

    static TwoTenants t;
    static String aSink;
    static String bSink;
    static Instant lastA1Event;

    @Inject
    Fixtures fixtures;

    @Inject
    EventFixtures events;

    @Inject
    EventSinks sinks;

    @BeforeEach
    void data() {
        if (t != null) {
            return;
        }
        t = new TwoTenants(fixtures, DOMAIN);
        fixtures.member(t.a1, "owner-a1@" + DOMAIN, Role.OWNER);
        TenantScope a = new TenantScope(t.a, Role.OWNER, t.a.rootId, null);
        TenantScope b = new TenantScope(t.b, Role.OWNER, t.b.rootId, null);
        aSink = sinks.create(a, "setup").sink().id();
        bSink = sinks.create(b, "setup").sink().id();
        sinks.setToken(a, "setup", t.a1.sid, A1_TOKEN);
        sinks.setToken(a, "setup", t.a2.sid, A2_TOKEN);
        sinks.setToken(b, "setup", t.b1.sid, B1_TOKEN);

        Instant now = Instant.now();
        long delivery = events.delivery(aSink, now);
        lastA1Event = now.minus(Duration.ofMinutes(3));
        events.received(t.a1, delivery, "evt-a1-1", "number-registration.successful", now.minus(Duration.ofHours(5)));
        events.received(t.a1, delivery, "evt-a1-2", "number-registration.successful", now.minus(Duration.ofHours(2)));
        events.received(t.a1, delivery, "evt-a1-3", "number-registration.successful", lastA1Event);
        events.received(t.a1, delivery, "evt-a1-4", "number-registration.failed", now.minus(Duration.ofHours(1)));
        events.received(t.a1, delivery, "evt-a1-old", "number-registration.pending", now.minus(Duration.ofHours(30)));
        events.received(t.a2, delivery, "evt-a2-1", "brand-registration.brand-registered", now.minus(Duration.ofHours(4)));
        long bDelivery = events.delivery(bSink, now);
        events.received(t.b1, bDelivery, "evt-b1-1", "number-deregistration.pending", now.minus(Duration.ofMinutes(1)));

        events.problem(aSink, now.minus(Duration.ofHours(3)), "MALFORMED", null, "The body is not a JSON array of events (older)");
        events.problem(aSink, now.minus(Duration.ofMinutes(10)), "FOREIGN_ACCOUNT", "evt-foreign-1",
                "The event names account AC00000000000000000000000000000099, which is not in this tree (newer)");
        events.problem(bSink, now, "REFUSED", null, "Beta own refused request");
        events.refused(aSink, 7, now.minus(Duration.ofMinutes(10)));
    }

    private static String page() {
        return given().get("/live-updates").then().statusCode(200).extract().asString();
    }

    /** Text as the browser shows it: the page escapes quotes and angle brackets. */
    private static String unescaped(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The part of the page about one account. */
    private static String section(String page, Account account) {
        int start = page.indexOf("id=\"account-" + account.sid + "\"");
        assertTrue(start >= 0, "no section for " + account.name);
        return page.substring(start, page.indexOf("</section>", start));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theWholeTreesOwnerSeesTheSinkItsAuthenticationAndEveryAccountsSetUp() {
        given().get("/numbers").then().statusCode(200).body(containsString("<a href=\"/live-updates\">Live updates</a>"));
        String page = page();
        String url = "https://portal.example.test/events/" + aSink;
        assertTrue(page.contains("<code>" + url + "</code>"), page);
        assertTrue(page.contains("X-Twilio-Signature"), page);
        assertTrue(page.contains("HTTP Basic credentials"), page);
        assertTrue(page.contains("Generate new Basic credentials"), page);
        assertTrue(page.contains("Send simulated events"), page);
        for (Account account : new Account[] { t.a, t.a1, t.a2 }) {
            String section = unescaped(section(page, account));
            assertTrue(section.contains(account.name), section);
            assertTrue(section.contains("TWILIO_ACCOUNT_SID=" + account.sid + " TWILIO_AUTH_TOKEN=<its auth token>"), section);
            assertTrue(section.contains("twilio api:events:v1:sinks:create --description \"A2P Status Portal\" --sink-type webhook"),
                    section);
            assertTrue(section.contains("--sink-configuration '{\"destination\":\"" + url
                    + "\",\"method\":\"POST\",\"batch_events\":true}'"),
                    section);
            assertTrue(section.contains("twilio api:events:v1:subscriptions:create"), section);
            assertTrue(section.contains("--types '{\"type\":\"com.twilio.messaging.compliance.number-registration.pending\","
                    + "\"schema_version\":2}'"),
                    section);
            assertTrue(section.contains("com.twilio.messaging.compliance.number-deregistration.failed"), section);
            assertTrue(section.contains("com.twilio.messaging.compliance.campaign-registration.campaign-approved"), section);
            assertTrue(section.contains("com.twilio.messaging.compliance.brand-registration.brand-registered"), section);
            assertTrue(section.contains("curl -X POST https://events.twilio.com/v1/Subscriptions"), section);
            assertTrue(section.contains("-u " + account.sid + ":<its auth token>"), section);
        }
        assertTrue(section(page, t.a1).contains("this subaccount's own SID and auth token"), page);
        assertTrue(section(page, t.a).contains("Not set: deliveries signed by this account are refused"), page);
        assertTrue(section(page, t.a1).contains("Set, ending in <code>f00d</code>"), page);
        for (String theirs : new String[] { t.b.name, t.b.sid, t.b1.name, t.b1.sid, bSink, "Beta own refused request" }) {
            assertFalse(page.contains(theirs), "another tenant's " + theirs + " is not shown");
        }
    }

    @Test
    @TestSecurity(user = "owner-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a1@" + DOMAIN))
    void aSubaccountsOwnerSeesTheSinkUrlAndManagesTheirOwnTokenOnly() {
        given().get("/numbers").then().statusCode(200).body(containsString("href=\"/live-updates\""));
        String page = page();
        assertTrue(page.contains("https://portal.example.test/events/" + aSink), page);
        assertTrue(section(page, t.a1).contains("TWILIO_ACCOUNT_SID=" + t.a1.sid), page);
        assertFalse(page.contains(t.a2.sid), "the other subaccount is not listed");
        assertFalse(page.contains("id=\"account-" + t.a.sid + "\""), "the parent is not listed");
        assertFalse(page.contains("Generate new Basic credentials"), page);
        assertFalse(page.contains("Refused and problematic deliveries"), "the tree's problems are its owner's");
        assertFalse(page.contains("Send simulated events"), page);

        Csrf csrf = Csrf.from("/live-updates");
        csrf.form().formParam("token", A2_TOKEN).post("/live-updates/tokens/" + t.a2.sid).then().statusCode(404);
        csrf.form().formParam("token", A2_TOKEN).post("/live-updates/tokens/" + t.a.sid).then().statusCode(404);
        csrf.form().post("/live-updates/tokens/" + t.a2.sid + "/remove").then().statusCode(404);
        csrf.form().post("/live-updates/sink/credentials").then().statusCode(404);
        csrf.form().post("/live-updates/simulate").then().statusCode(404);
        assertEquals(A2_TOKEN, events.openToken(sinks, t.a2));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void aMemberHasNoLinkAndThePageIsNotFound() {
        given().get("/numbers").then().statusCode(200).body(not(containsString("/live-updates")));
        given().get("/live-updates").then().statusCode(404).body(not(containsString(aSink)));
        Csrf csrf = Csrf.from("/numbers");
        csrf.form().formParam("token", A2_TOKEN).post("/live-updates/tokens/" + t.a1.sid).then().statusCode(404);
        assertEquals(A1_TOKEN, events.openToken(sinks, t.a1));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aTokenSetOrReplacedIsKeptSealedAndNeverShownAgain() {
        String first = "0123456789abcdef0123456789ab1234";
        String second = "fedcba9876543210fedcba9876545678";
        Csrf csrf = Csrf.from("/live-updates");
        Response set = csrf.form().formParam("token", first).post("/live-updates/tokens/" + t.a.sid);
        assertEquals(303, set.statusCode());
        assertTrue(set.header("Location").endsWith("/live-updates#account-" + t.a.sid), set.header("Location"));
        assertTrue(URLDecoder.decode(set.getCookie("portal-flash"), StandardCharsets.UTF_8)
                .contains("It is kept encrypted and will not be shown again."));
        String page = page();
        assertTrue(section(page, t.a).contains("Set, ending in <code>1234</code>"), page);
        assertFalse(page.contains(first), "the token is never shown");
        assertSealed(first);

        csrf.form().formParam("token", "  " + second + " ").post("/live-updates/tokens/" + t.a.sid).then().statusCode(303);
        page = page();
        assertTrue(section(page, t.a).contains("Set, ending in <code>5678</code>"), page);
        assertFalse(page.contains(first), page);
        assertFalse(page.contains(second), page);
        assertSealed(second);
        assertEquals(second, events.openToken(sinks, t.a));
        String audit = given().get("/accounts/audit").then().statusCode(200).extract().asString();
        assertTrue(audit.contains("Replaced the auth token of " + t.a.name + " for live updates"), audit);
        assertFalse(audit.contains(second), audit);

        csrf.form().post("/live-updates/tokens/" + t.a.sid + "/remove").then().statusCode(303);
        assertTrue(section(page(), t.a).contains("Not set"));
        assertEquals(null, events.openToken(sinks, t.a));
    }

    private void assertSealed(String token) {
        byte[] sealed = events.sealedToken(t.a);
        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains(token), "the stored bytes do not hold the token");
        assertFalse(HexFormat.of().formatHex(sealed).contains(token), "nor its hex");
        String row = events.tokenRowAsText(t.a);
        assertFalse(row.contains(token), row);
        assertFalse(row.contains(HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8))), "the row does not hold it in hex");
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void aTokenThatIsNotTheVendorsFormatIsRefusedWithAClearMessage() {
        Csrf csrf = Csrf.from("/live-updates");
        for (String bad : new String[] { "", "abc", "A1A1A1A1A1A1A1A1A1A1A1A1A1A1F00D", "a1a1a1a1a1a1a1a1a1a1a1a1a1a1f00dd",
                "g1a1a1a1a1a1a1a1a1a1a1a1a1a1f00d" }) {
            csrf.form().formParam("token", bad).post("/live-updates/tokens/" + t.a1.sid).then().statusCode(400)
                    .body(containsString("Nothing was changed."), containsString("An auth token is 32 characters"));
        }
        assertEquals(A1_TOKEN, events.openToken(sinks, t.a1));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void basicCredentialsAreShownOnceAndTheOldOnesStopWorking() {
        Csrf csrf = Csrf.from("/live-updates");
        Response generated = csrf.form().post("/live-updates/sink/credentials");
        assertEquals(200, generated.statusCode());
        assertEquals("no-store", generated.header("Cache-Control"));
        String shown = generated.asString();
        assertTrue(shown.contains("Copy the password now: it will not be shown again."), shown);
        Matcher matcher = PASSWORD.matcher(shown);
        assertTrue(matcher.find(), shown);
        String password = matcher.group(1);
        assertTrue(SecretBox.matches(password, events.passwordHash(aSink)), "the hash of the shown password is kept");
        assertFalse(events.passwordHash(aSink).contains(password));
        Matcher user = Pattern.compile("<dt>User</dt><dd><code>([^<]+)</code></dd>").matcher(shown);
        assertTrue(user.find());
        assertTrue(shown.contains("https://" + user.group(1) + ":" + password + "@portal.example.test/events/" + aSink), shown);

        String later = page();
        assertFalse(later.contains(password), "the password is not shown again");
        assertFalse(later.contains("Copy the password now"), later);
        assertTrue(later.contains("user <code>" + user.group(1) + "</code>"), later);

        // the sink takes the credentials (its memory of them warmed by a first delivery), and refuses them once replaced
        assertEquals(202, basicDelivery(user.group(1), password));
        String replaced = csrf.form().post("/live-updates/sink/credentials").then().statusCode(200).extract().asString();
        Matcher again = PASSWORD.matcher(replaced);
        assertTrue(again.find());
        assertNotEquals(password, again.group(1));
        Matcher newUser = Pattern.compile("<dt>User</dt><dd><code>([^<]+)</code></dd>").matcher(replaced);
        assertTrue(newUser.find());
        assertEquals(401, basicDelivery(user.group(1), password), "the old credentials are refused at once");
        assertEquals(202, basicDelivery(newUser.group(1), again.group(1)));
        assertFalse(SecretBox.matches(password, events.passwordHash(aSink)), "the old password no longer matches");
        assertTrue(SecretBox.matches(again.group(1), events.passwordHash(aSink)));
        String audit = given().get("/accounts/audit").then().statusCode(200).extract().asString();
        assertTrue(audit.contains("Generated new Basic credentials for the Event Streams sink"), audit);
        assertFalse(audit.contains(again.group(1)), audit);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theFormsNeedTheirCsrfToken() {
        String hash = events.passwordHash(aSink);
        for (String path : new String[] { "/live-updates/tokens/" + t.a1.sid, "/live-updates/tokens/" + t.a1.sid + "/remove",
                "/live-updates/sink/credentials", "/live-updates/sink", "/live-updates/simulate" }) {
            int status = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .formParam("token", "ffffffffffffffffffffffffffffffff").post(path).statusCode();
            assertEquals(400, status, path);
        }
        assertEquals(A1_TOKEN, events.openToken(sinks, t.a1));
        assertEquals(hash, events.passwordHash(aSink));
        given().get("/live-updates").then().body(containsString("name=\"csrf-token\""));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void anotherTenantsAccountsAreNotFound() {
        Csrf csrf = Csrf.from("/live-updates");
        csrf.form().formParam("token", A1_TOKEN).post("/live-updates/tokens/" + t.b1.sid).then().statusCode(404);
        csrf.form().formParam("token", A1_TOKEN).post("/live-updates/tokens/" + t.b.sid).then().statusCode(404);
        csrf.form().post("/live-updates/tokens/" + t.b1.sid + "/remove").then().statusCode(404);
        csrf.form().formParam("token", A1_TOKEN).post("/live-updates/tokens/ACnot-a-sid").then().statusCode(404);
        assertEquals(B1_TOKEN, events.openToken(sinks, t.b1));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void eachAccountShowsItsLastEventAndItsCountsPerTypeOverTheLastDay() {
        String page = page();
        String a1 = section(page, t.a1);
        assertTrue(a1.contains("<dt>Last event</dt><dd>" + MINUTE.format(lastA1Event) + "</dd>"), a1);
        assertTrue(a1.contains("<li><code>number-registration.failed</code>: 1</li>"), a1);
        assertTrue(a1.contains("<li><code>number-registration.successful</code>: 3</li>"), a1);
        assertFalse(a1.contains("number-registration.pending</code>:"), "an event older than 24 hours is not counted");
        assertTrue(a1.indexOf("number-registration.failed") < a1.indexOf("number-registration.successful"), "types in name order");
        String a2 = section(page, t.a2);
        assertTrue(a2.contains("<li><code>brand-registration.brand-registered</code>: 1</li>"), a2);
        String parent = section(page, t.a);
        assertTrue(parent.contains("None received yet"), parent);
        assertTrue(parent.contains("No events"), parent);
        assertFalse(page.contains("number-deregistration.pending</code>:"), "the other tenant's events are not counted");
    }

    @Test
    @TestSecurity(user = "owner-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a1@" + DOMAIN))
    void aSubaccountsOwnerSeesTheirOwnCounts() {
        String a1 = section(page(), t.a1);
        assertTrue(a1.contains("<li><code>number-registration.successful</code>: 3</li>"), a1);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theRefusedAndProblematicDeliveriesAreListedNewestFirst() {
        // as seeded, whatever the other tests had refused
        events.refused(aSink, 7, Instant.now().minus(Duration.ofMinutes(10)));
        String page = page();
        int log = page.indexOf("Refused and problematic deliveries");
        assertTrue(log > 0, page);
        String problems = page.substring(log);
        assertTrue(problems.contains("<strong>7</strong> requests refused in all"), problems);
        int newer = problems.indexOf("which is not in this tree (newer)");
        int older = problems.indexOf("The body is not a JSON array of events (older)");
        assertTrue(newer > 0 && older > newer, problems);
        assertTrue(problems.contains("<td>Account outside the tree</td><td><code>evt-foreign-1</code></td>"), problems);
        assertTrue(problems.contains("<td>Malformed batch</td>"), problems);
        assertFalse(problems.contains("Beta own refused request"), problems);
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void theSimulatorsSignedBatchIsAcceptedAndItsEventsShowAsLiveEvents() {
        Response sent = Csrf.from("/live-updates").form().post("/live-updates/simulate");
        assertEquals(303, sent.statusCode(), sent.asString());
        assertTrue(sent.header("Location").endsWith("/live-updates"));
        // Beta's one subaccount with a token, B1, has 2 numbers, under the five a batch takes (tenant A's
        // counts above stay as seeded)
        assertEquals("The simulator sent 2 events to the sink, signed as the vendor would. Active numbers shows them once"
                + " they are applied.", URLDecoder.decode(sent.getCookie("portal-flash"), StandardCharsets.UTF_8));
        // the sink accepted the signature, and the inbox applied them: B1's numbers, deregistering, are now unregistered
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String numbers = given().queryParam("account", t.b1.sid).get("/numbers").then().statusCode(200).extract().asString();
            for (String number : t.b1Numbers) {
                String row = numbers.substring(numbers.indexOf(number));
                row = row.substring(0, row.indexOf("</tr>"));
                assertTrue(row.contains("Unregistered") && row.contains("Live event"), row);
            }
        });
        String page = given().get("/live-updates").then().statusCode(200).extract().asString();
        assertTrue(section(page, t.b1).contains("<li><code>number-deregistration.successful</code>: 2</li>"), section(page, t.b1));
    }

    /** The status code of an empty delivery to tenant A's sink with these Basic credentials. */
    private static int basicDelivery(String user, String password) {
        return given().auth().preemptive().basic(user, password).contentType("application/json").body("[]")
                .post("/events/" + aSink).statusCode();
    }
}
