package io.a2pportal.api.webhooks;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The Webhooks pages as owners use them: registering an endpoint (its secret shown once), the test
 * event as the receiver gets it, the delivery log, disabling, rolling the secret, deleting, the
 * audit log; members and other tenants see nothing of it.
 */
@QuarkusTest
class WebhooksPageTest {

    static final String DOMAIN = "webhook-pages.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;
    static final String OWNER_B = "owner-b@" + DOMAIN;
    static final String OWNER_A1 = "owner-a1@" + DOMAIN;
    static final Pattern SECRET = Pattern.compile("<dt>Signing secret</dt><dd><code>([^<]+)</code></dd>");

    static Receiver receiver;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    WebhookFixtures webhooks;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static Response register(String url, String... types) {
        var form = Csrf.from("/webhooks").form().formParam("url", url);
        for (String type : types) {
            form.formParam("type", type);
        }
        return form.post("/webhooks");
    }

    static String secretOn(String page) {
        Matcher m = SECRET.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void ownerRegistersSendsATestEventAndReadsTheLog() {
        given().get("/numbers").then().statusCode(200).body(containsString("<a href=\"/webhooks\">Webhooks</a>"));
        given().get("/webhooks").then().statusCode(200).body(containsString("number.status_changed"));

        String url = receiver.url() + "/a";
        Response created = register(url, "report.ready", "upload.applied");
        created.then().statusCode(200).header("Cache-Control", "no-store")
                .body(containsString("Copy the signing secret now: it will not be shown again."));
        String secret = secretOn(created.asString());
        Endpoint endpoint = webhooks.endpoint(url);
        String page = "/webhooks/" + endpoint.id;
        given().get(page).then().statusCode(200).body(containsString(url), containsString("<code>report.ready</code>, "
                + "<code>upload.applied</code>"), containsString("Enabled"), containsString("No attempt yet."),
                not(containsString(secret)));
        given().get("/webhooks").then().statusCode(200).body(containsString("href=\"" + page + "\""), not(containsString(secret)));

        Response sent = Csrf.from(page).form().post(page + "/test");
        assertEquals(303, sent.statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.acceptedOfType("webhook.test").isEmpty());
        Receiver.Request test = receiver.acceptedOfType("webhook.test").get(0);
        assertEquals("application/json", test.contentType());
        assertTrue(test.id().startsWith("evt_"), test.id());
        assertEquals(test.id(), test.json().getString("id"));
        assertEquals("A test event, sent from the portal's Webhooks page by " + OWNER_A + ".",
                test.json().getJsonObject("data").getString("message"));
        assertTrue(test.signature().matches("t=\\d+,v1=[0-9a-f]{64}"), test.signature());
        assertTrue(Receiver.verifies(secret, test));
        assertFalse(Receiver.verifies(secret + "x", test), "a wrong secret does not verify");
        long t0 = Long.parseLong(test.signature().substring(2, test.signature().indexOf(',')));
        assertTrue(Math.abs(t0 - System.currentTimeMillis() / 1000) < 60, "the timestamp is the time of sending");

        await().atMost(Duration.ofSeconds(10)).until(() -> given().get(page).asString().contains("(delivered)"));
        given().get(page).then().body(containsString("<code>webhook.test</code> <code>" + test.id() + "</code>"),
                containsString("HTTP 200 (delivered)"), containsString("<code>thanks</code>"));

        // a new secret signs from then on; the old one no longer verifies
        Response rolled = Csrf.from(page).form().post(page + "/secret");
        rolled.then().statusCode(200).header("Cache-Control", "no-store");
        String newSecret = secretOn(rolled.asString());
        assertNotEquals(secret, newSecret);
        Csrf.from(page).form().post(page + "/test").then().statusCode(303);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.acceptedOfType("webhook.test").size() == 2);
        Receiver.Request second = receiver.acceptedOfType("webhook.test").get(1);
        assertTrue(Receiver.verifies(newSecret, second));
        assertFalse(Receiver.verifies(secret, second));

        Csrf.from(page).form().post(page + "/disable").then().statusCode(303);
        given().get(page).then().body(containsString("Disabled. Disabled by " + OWNER_A + "."),
                not(containsString("Send test event")));
        Csrf.from(page).form().post(page + "/enable").then().statusCode(303);
        given().get(page).then().body(containsString("Send test event"));
        Csrf.from(page).form().post(page + "/delete").then().statusCode(303);
        given().get(page).then().statusCode(404);
        given().get("/webhooks").then().body(not(containsString(url)));

        assertEquals(List.of("webhook.registered " + OWNER_A, "webhook.test " + OWNER_A, "webhook.secret " + OWNER_A,
                "webhook.test " + OWNER_A, "webhook.disabled " + OWNER_A, "webhook.enabled " + OWNER_A,
                "webhook.deleted " + OWNER_A), webhooks.auditActions(t.a.id, OWNER_A));
        given().get("/accounts/audit").then().statusCode(200).body(containsString("Registered the webhook endpoint " + url));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void badInputIsExplainedAndNothingIsRegistered() {
        register("http://93.184.216.34/hooks", "report.ready").then().statusCode(400)
                .body(containsString("The URL must use HTTPS (https://)."), containsString("value=\"http://93.184.216.34/hooks\""));
        register(receiver.url() + "/none").then().statusCode(400).body(containsString("Choose at least one event type."));
        register(receiver.url() + "/odd", "report.exploded").then().statusCode(400)
                .body(containsString("Unknown event type: report.exploded"));
        given().get("/webhooks").then().body(not(containsString("/none")), not(containsString("/odd")),
                not(containsString("93.184.216.34")));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_B))
    void anotherTenantsEndpointIsNotFound() {
        Endpoint aEndpoint = registeredForA(receiver.url() + "/for-a-only");
        String page = "/webhooks/" + aEndpoint.id;
        given().get(page).then().statusCode(404).body(not(containsString("for-a-only")));
        Csrf csrf = Csrf.from("/webhooks");
        for (String action : List.of("test", "disable", "enable", "secret", "delete")) {
            assertEquals(404, csrf.form().post(page + "/" + action).statusCode(), action);
        }
        given().get("/webhooks").then().statusCode(200).body(containsString("No endpoint is registered yet."),
                not(containsString("for-a-only")));
        assertTrue(webhooks.endpoint(receiver.url() + "/for-a-only").enabled, "still there, untouched");
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void membersSeeNoWebhooks() {
        given().get("/numbers").then().statusCode(200).body(not(containsString("href=\"/webhooks\"")));
        given().get("/webhooks").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "owner-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A1))
    void aSubaccountsOwnerManagesOnlyTheSubaccountsEndpoints() {
        ownerOfA1();
        Endpoint tree = registeredForA(receiver.url() + "/tree-of-a");
        Response created = register(receiver.url() + "/own-a1", "upload.applied");
        created.then().statusCode(200).body(containsString("Copy the signing secret now"));
        Endpoint own = webhooks.endpoint(receiver.url() + "/own-a1");
        assertEquals(t.a1.id, own.accountId);
        given().get("/webhooks").then().statusCode(200).body(containsString("/own-a1"), not(containsString("/tree-of-a")));
        given().get("/webhooks/" + tree.id).then().statusCode(404);
        assertEquals(404, Csrf.from("/webhooks").form().post("/webhooks/" + tree.id + "/disable").statusCode());
        assertTrue(webhooks.endpoint(receiver.url() + "/tree-of-a").enabled);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void theTreesOwnerSeesTheSubaccountsEndpoints() {
        ownerOfA1();
        Endpoint sub = registeredFor(new TenantScope(t.a1, Role.OWNER, t.a.rootId, t.a1.id), receiver.url() + "/sub-a1");
        given().get("/webhooks").then().statusCode(200).body(containsString("/sub-a1"));
        given().get("/webhooks/" + sub.id).then().statusCode(200).body(containsString(receiver.url() + "/sub-a1"));
    }

    @Inject
    Endpoints endpoints;

    @Inject
    Fixtures fixtures;

    private void ownerOfA1() {
        if (fixtures.membershipOf(OWNER_A1) == null) {
            fixtures.member(t.a1, OWNER_A1, Role.OWNER);
        }
    }

    private Endpoint registeredForA(String url) {
        return registeredFor(new TenantScope(t.a, Role.OWNER, t.a.rootId, null), url);
    }

    private Endpoint registeredFor(TenantScope scope, String url) {
        Endpoint existing = webhooks.endpoint(url);
        if (existing != null) {
            return existing;
        }
        return endpoints.register(scope, "setup", url, List.of("report.ready")).endpoint();
    }
}
