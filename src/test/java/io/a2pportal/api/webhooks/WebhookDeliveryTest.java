package io.a2pportal.api.webhooks;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * What a receiver gets: the events of a report, an upload and the status changes it made, signed,
 * through an outage of the receiver (each event at least once, each id once after de-duplication);
 * and what the owner sees of an endpoint that fails for a day: disabled, and a mail.
 */
@QuarkusTest
class WebhookDeliveryTest {

    static final String OUTAGE = "hooks-outage.test";
    static final String FAILING = "hooks-failing.test";
    static final String REJECTED = "hooks-rejected.test";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    Fixtures fixtures;

    @Inject
    WebhookFixtures webhooks;

    @Inject
    MockMailbox mailbox;

    @Inject
    WebhookEvents webhookEvents;

    static String registerAll(String url) {
        Response created = WebhooksPageTest.register(url, "report.ready", "report.failed", "upload.applied", "upload.rejected",
                "number.status_changed");
        created.then().statusCode(200);
        return WebhooksPageTest.secretOn(created.asString());
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + OUTAGE))
    void everyEventReachesTheReceiverThroughAnOutage() throws Exception {
        TwoTenants t = new TwoTenants(fixtures, OUTAGE);
        try (Receiver receiver = new Receiver()) {
            receiver.answer.set(503);
            String secret = registerAll(receiver.url());
            Endpoint endpoint = webhooks.endpoint(receiver.url());

            Response report = Csrf.from("/reports/new").form().formParam("scope", "all").post("/reports");
            assertEquals(303, report.statusCode(), report.asString());
            long reportId = Long.parseLong(report.header("Location").replaceAll(".*/", ""));
            Response upload = upload("statuses.csv", statusReport(t.a, 5, "PENDING_DEREGISTRATION"));
            assertEquals(303, upload.statusCode(), upload.asString());
            long uploadId = Long.parseLong(upload.header("Location").replaceAll(".*/", ""));

            // the report, the upload and its five changes in batches of three: four events, refused for a while
            await().atMost(PATIENCE).until(() -> webhooks.eventIds(endpoint.id).size() == 4
                    && receiver.requests().stream().map(Receiver.Request::id).distinct().count() == 4
                    && receiver.requests().size() >= 8);
            String page = "/webhooks/" + endpoint.id;
            given().get(page).then().body(containsString("HTTP 503"), containsString("<code>down for maintenance</code>"));
            receiver.answer.set(200);

            List<String> events = webhooks.eventIds(endpoint.id);
            await().atMost(PATIENCE).until(() -> receiver.accepted().keySet().containsAll(events));
            Map<String, Receiver.Request> accepted = receiver.accepted();
            assertEquals(Set.copyOf(events), accepted.keySet(), "each event once, after de-duplication by Webhook-Id");
            for (Receiver.Request request : receiver.requests()) {
                assertTrue(Receiver.verifies(secret, request), request.signature());
                assertEquals(accepted.get(request.id()).body(), request.body(), "a retry sends the same event");
            }

            JsonObject ready = receiver.acceptedOfType("report.ready").get(0).json().getJsonObject("data").getJsonObject("report");
            assertEquals(reportId, ready.getLong("id"));
            assertEquals("READY", ready.getString("state"));
            assertEquals("STATUS", ready.getString("kind"));
            assertEquals(t.a.sid, ready.getString("account_sid"));
            assertEquals(12, ready.getLong("rows"));
            assertEquals("https://portal.example.test/reports/" + reportId + "/download", ready.getString("download_url"));

            JsonObject applied = receiver.acceptedOfType("upload.applied").get(0).json().getJsonObject("data")
                    .getJsonObject("upload");
            assertEquals(uploadId, applied.getLong("id"));
            assertEquals("statuses.csv", applied.getString("file_name"));
            assertEquals(5, applied.getLong("status_changes"));
            assertEquals("https://portal.example.test/uploads/" + uploadId, applied.getString("url"));

            List<Receiver.Request> batches = receiver.acceptedOfType("number.status_changed");
            assertEquals(2, batches.size());
            Set<String> changed = new HashSet<>();
            List<Integer> sizes = new java.util.ArrayList<>();
            for (Receiver.Request batch : batches) {
                JsonObject data = batch.json().getJsonObject("data");
                assertEquals(t.a.sid, data.getString("account_sid"));
                sizes.add(data.getJsonArray("changes").size());
                for (Object c : data.getJsonArray("changes")) {
                    JsonObject change = (JsonObject) c;
                    assertEquals("REGISTERED", change.getString("from"));
                    assertEquals("PENDING_DEREGISTRATION", change.getString("to"));
                    assertEquals("UPLOAD", change.getString("source"));
                    changed.add(change.getString("phone_number"));
                }
            }
            // retries deliver them in any order: a receiver orders changes by observed_at if it needs to
            assertEquals(List.of(2, 3), sizes.stream().sorted().toList());
            assertEquals(Set.copyOf(t.aNumbers), changed);

            await().atMost(PATIENCE).until(() -> given().get(page).asString().contains("HTTP 200 (delivered)"));
            given().get(page).then().body(containsString("<code>thanks</code>"), containsString("<code>upload.applied</code>"));
        }
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + FAILING))
    void anEndpointFailingForADayIsDisabledAndItsOwnerMailed() throws Exception {
        TwoTenants t = new TwoTenants(fixtures, FAILING);
        String owner = "owner-a@" + FAILING;
        try (Receiver receiver = new Receiver()) {
            receiver.answer.set(500);
            registerAll(receiver.url());
            Endpoint endpoint = webhooks.endpoint(receiver.url());
            String page = "/webhooks/" + endpoint.id;
            Csrf.from(page).form().post(page + "/test").then().statusCode(303);
            await().atMost(PATIENCE).until(() -> !receiver.requests().isEmpty());
            given().get(page).then().body(containsString("HTTP 500"), containsString("Failing since"));

            // a day of failures, without waiting for it
            webhooks.failingFor(endpoint.id, Duration.ofHours(25));
            await().atMost(PATIENCE).until(() -> !webhooks.endpoint(receiver.url()).enabled);

            given().get(page).then().statusCode(200).body(containsString("Disabled. Disabled by the portal: no delivery "
                    + "succeeded for 24 hours (last attempt: HTTP 500)."), containsString("None: given up"),
                    containsString(">Enable</button>"));
            await().atMost(PATIENCE).until(() -> !mailbox.getMailsSentTo(owner).isEmpty());
            List<Mail> mails = mailbox.getMailsSentTo(owner);
            assertEquals(1, mails.size());
            Mail mail = mails.get(0);
            assertEquals("Webhook endpoint disabled for " + t.a.name, mail.getSubject());
            assertTrue(mail.getText().contains("The webhook endpoint " + receiver.url() + " of " + t.a.name), mail.getText());
            assertTrue(mail.getText().contains("https://portal.example.test" + page), mail.getText());
            assertTrue(mail.getHtml().contains("href=\"https://portal.example.test" + page + "\""), mail.getHtml());
            assertTrue(webhooks.auditActions(t.a.id, "portal").contains("webhook.disabled portal"));

            // a disabled endpoint is sent nothing more
            List<String> events = webhooks.eventIds(endpoint.id);
            Response report = Csrf.from("/reports/new").form().formParam("scope", "all").post("/reports");
            assertEquals(303, report.statusCode());
            long reportId = Long.parseLong(report.header("Location").replaceAll(".*/", ""));
            await().atMost(PATIENCE).until(() -> webhooks.reportSeen(reportId));
            assertEquals(events, webhooks.eventIds(endpoint.id));
            assertFalse(webhooks.endpoint(receiver.url()).enabled);

            // the log keeps a month
            webhooks.eventsMadeAgo(endpoint.id, Duration.ofDays(31));
            webhookEvents.emit();
            assertEquals(List.of(), webhooks.eventIds(endpoint.id));
            given().get(page).then().statusCode(200).body(containsString("No attempt yet."));
        }
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + REJECTED))
    void aRejectedUploadIsAnnouncedToTheEndpointsThatWantIt() throws Exception {
        TwoTenants t = new TwoTenants(fixtures, REJECTED);
        try (Receiver wanting = new Receiver(); Receiver notWanting = new Receiver()) {
            WebhooksPageTest.register(wanting.url(), "upload.rejected").then().statusCode(200);
            WebhooksPageTest.register(notWanting.url(), "upload.applied").then().statusCode(200);
            byte[] bad = ("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n" + t.a.sid + ",CM" + "0".repeat(32)
                    + ",MG" + "0".repeat(32) + ",not-a-number,REGISTERED\r\n").getBytes(StandardCharsets.UTF_8);
            Response upload = upload("bad.csv", bad);
            assertEquals(303, upload.statusCode(), upload.asString());
            long uploadId = Long.parseLong(upload.header("Location").replaceAll(".*/", ""));

            await().atMost(PATIENCE).until(() -> !wanting.acceptedOfType("upload.rejected").isEmpty());
            JsonObject rejected = wanting.acceptedOfType("upload.rejected").get(0).json().getJsonObject("data")
                    .getJsonObject("upload");
            assertEquals(uploadId, rejected.getLong("id"));
            assertEquals("REJECTED", rejected.getString("state"));
            assertEquals(1, rejected.getLong("errors"));
            String page = given().get("/uploads/" + uploadId).then().statusCode(200).extract().asString();
            assertTrue(page.contains(rejected.getString("message")), "the message is the one the upload's page shows: " + page);
            assertEquals(List.of(), notWanting.requests());
        }
    }

    static Response upload(String fileName, byte[] content) {
        Csrf csrf = Csrf.from("/uploads");
        return given().redirects().follow(false).cookie("portal-csrf", csrf.cookie()).multiPart("csrf-token", csrf.token())
                .multiPart("file", fileName, content, "text/csv").post("/uploads");
    }

    /** A status report of the tree's first {@code rows} numbers (those of its parent account), all in this status. */
    static byte[] statusReport(Account parent, int rows, String status) {
        StringBuilder csv = new StringBuilder("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append(parent.sid).append(",CM").append("0".repeat(32)).append(",MG").append("0".repeat(32)).append(",+1")
                    .append(String.format("%04d%06d", 1000 + parent.id % 9000, i)).append(',').append(status).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
