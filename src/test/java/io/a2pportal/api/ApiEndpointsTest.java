package io.a2pportal.api;

import static io.a2pportal.api.ApiTestTokens.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** Every /api/v1 endpoint as two tenants' tokens see it: their own records, and 404 for the other's. */
@QuarkusTest
class ApiEndpointsTest {

    static final String DOMAIN = "api-endpoints.test";
    static final String PROBLEM = "application/problem+json";

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ApiTestTokens tokens;

    static String ownerA;
    static String memberA1;
    static String ownerB;

    @BeforeEach
    void madeTokens() {
        if (ownerA == null) {
            ownerA = tokens.readWrite(fixtures.membershipOf("owner-a@" + DOMAIN));
            memberA1 = tokens.readWrite(fixtures.membershipOf("member-a1@" + DOMAIN));
            ownerB = tokens.readWrite(fixtures.membershipOf("owner-b@" + DOMAIN));
        }
    }

    @Test
    void numbersPageThroughTheScopeWithAnOpaqueCursorAndATotal() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = as(ownerA).queryParam("limit", 5).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/numbers").then().statusCode(200).contentType("application/json")
                    .body("total", equalTo(12)).extract().jsonPath();
            seen.addAll(page.getList("numbers.e164"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        List<String> expected = Stream.of(t.aNumbers, t.a1Numbers, t.a2Numbers).flatMap(List::stream).sorted().toList();
        assertEquals(expected, seen);
    }

    @Test
    void numbersTakeThePagesFilters() {
        as(ownerA).queryParam("status", "FAILURE").get("/api/v1/numbers").then().statusCode(200).body("total", equalTo(3))
                .body("numbers.e164", containsInAnyOrder(t.a2Numbers.toArray())).body("numbers.accountSid", hasItem(t.a2.sid))
                .body("next", nullValue());
        as(ownerA).queryParam("account", t.a1.sid).get("/api/v1/numbers").then().statusCode(200).body("total", equalTo(4));
        String digits = t.aNumbers.get(0).substring(1);
        as(ownerA).queryParam("q", digits).get("/api/v1/numbers").then().statusCode(200).body("total", equalTo(1))
                .body("numbers[0].e164", equalTo(t.aNumbers.get(0)));
        as(memberA1).get("/api/v1/numbers").then().statusCode(200).body("total", equalTo(4))
                .body("numbers.e164", containsInAnyOrder(t.a1Numbers.toArray()));
        // another tenant's account does not exist; bad input says what is wrong
        as(ownerA).queryParam("account", t.b.sid).get("/api/v1/numbers").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404));
        as(ownerA).queryParam("q", "abc").get("/api/v1/numbers").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("Search by the digits of a phone number"));
        as(ownerA).queryParam("cursor", "!!").get("/api/v1/numbers").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("cursor"));
    }

    @Test
    void oneNumberWithItsHistoryAndAdviceAnd404ForAnotherTenants() {
        String failed = t.a2Numbers.get(0);
        as(ownerA).get("/api/v1/numbers/" + failed).then().statusCode(200).body("e164", equalTo(failed))
                .body("status", equalTo("FAILURE")).body("accountSid", equalTo(t.a2.sid))
                .body("advice.title", hasItem("Registration failed")).body("$", hasKey("history"));
        String sid = fixtures.numberSid(t.aNumbers.get(0));
        as(ownerA).get("/api/v1/numbers/" + sid).then().statusCode(200).body("sid", equalTo(sid));
        as(ownerB).get("/api/v1/numbers/" + failed).then().statusCode(404).contentType(PROBLEM);
        as(memberA1).get("/api/v1/numbers/" + failed).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void countsPerStatus() {
        JsonPath counts = as(ownerA).get("/api/v1/counts").then().statusCode(200).body("total", equalTo(12)).extract().jsonPath();
        Map<String, Integer> byStatus = counts.getList("counts", Map.class).stream()
                .collect(Collectors.toMap(c -> (String) c.get("status"), c -> (Integer) c.get("count")));
        assertEquals(5, byStatus.get("REGISTERED"));
        assertEquals(4, byStatus.get("PENDING_REGISTRATION"));
        assertEquals(3, byStatus.get("FAILURE"));
        as(ownerA).queryParam("account", t.b1.sid).get("/api/v1/counts").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void troubleshootingSummaryOfTheScope() {
        as(ownerA).get("/api/v1/troubleshooting").then().statusCode(200).body("numbers", equalTo(12))
                .body("accounts.sid", containsInAnyOrder(t.a.sid, t.a1.sid, t.a2.sid))
                .body("rules.rule", hasItem("FAILURE"));
        as(memberA1).get("/api/v1/troubleshooting").then().statusCode(200).body("numbers", equalTo(4))
                .body("accounts.sid", containsInAnyOrder(t.a1.sid));
    }

    @Test
    void liveUpdatesHealthForOwnersOnly() {
        as(ownerA).get("/api/v1/live-updates").then().statusCode(200).body("sink", nullValue())
                .body("accounts.sid", containsInAnyOrder(t.a.sid, t.a1.sid, t.a2.sid));
        as(memberA1).get("/api/v1/live-updates").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aReportIsRequestedPolledAndDownloaded() {
        String location = as(ownerA).contentType("application/json").body("{\"statuses\":[\"FAILURE\"]}")
                .post("/api/v1/reports").then().statusCode(202).body("state", equalTo("QUEUED"))
                .body("statuses", equalTo(List.of("FAILURE"))).body("kind", equalTo("STATUS")).extract().header("Location");
        String path = java.net.URI.create(location).getPath();
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY".equals(as(ownerA).get(path).jsonPath().getString("state")));
        as(ownerA).get(path).then().body("percent", equalTo(100)).body("file", equalTo(path + "/file"));
        byte[] csv = as(ownerA).get(path + "/file").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asByteArray();
        String expected = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n" + t.a2Numbers.stream().sorted()
                .map(n -> t.a2.sid + "," + fixtures.serviceOf(n).campaign.consoleSid + "," + fixtures.serviceOf(n).sid + ","
                        + n + ",FAILURE\r\n")
                .collect(Collectors.joining());
        assertEquals(expected, new String(csv, StandardCharsets.UTF_8));
        // another tenant's report does not exist, nor its file
        as(ownerB).get(path).then().statusCode(404).contentType(PROBLEM);
        as(ownerB).get(path + "/file").then().statusCode(404).contentType(PROBLEM);
        as(ownerA).contentType("application/json").body("{\"account\":\"" + t.b.sid + "\"}").post("/api/v1/reports").then()
                .statusCode(404).contentType(PROBLEM);
        as(ownerA).contentType("application/json").body("{\"statuses\":[\"NOPE\"]}").post("/api/v1/reports").then()
                .statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aWhatChangedReportOfAPeriodIsRequestedAndDownloaded() {
        String changed = t.a1Numbers.get(1);
        fixtures.statusChange(changed, RegistrationStatus.PENDING_REGISTRATION, RegistrationStatus.FAILURE,
                Instant.parse("2026-04-01T10:00:00Z"), Instant.parse("2026-04-01T09:59:30Z"), "EVENT");
        // at the period's end: outside it
        fixtures.statusChange(t.a1Numbers.get(2), RegistrationStatus.PENDING_REGISTRATION, RegistrationStatus.REGISTERED, Instant.parse("2026-04-02T00:00:00Z"),
                Instant.parse("2026-04-02T00:00:00Z"), "UPLOAD");
        String location = as(memberA1).contentType("application/json")
                .body("{\"kind\":\"CHANGES\",\"from\":\"2026-04-01T00:00:00Z\",\"to\":\"2026-04-01T20:00:00-04:00\"}")
                .post("/api/v1/reports").then().statusCode(202).body("kind", equalTo("CHANGES"))
                .body("from", equalTo("2026-04-01T00:00:00Z")).body("to", equalTo("2026-04-02T00:00:00Z")).extract()
                .header("Location");
        String path = java.net.URI.create(location).getPath();
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY".equals(as(memberA1).get(path).jsonPath().getString("state")));
        byte[] csv = as(memberA1).get(path + "/file").then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"a2p-changes-" + t.a1.sid
                        + "-20260401T0000Z-20260402T0000Z.csv\"")
                .extract().asByteArray();
        assertEquals("PhoneNumber,AccountSid,From,To,ChangedAt,ObservedAt,Source\r\n" + changed + "," + t.a1.sid
                + ",PENDING_REGISTRATION,FAILURE,2026-04-01T10:00:00Z,2026-04-01T09:59:30Z,EVENT\r\n",
                new String(csv, StandardCharsets.UTF_8));
        as(ownerB).get(path).then().statusCode(404).contentType(PROBLEM);

        as(ownerA).contentType("application/json")
                .body("{\"kind\":\"CHANGES\",\"from\":\"2026-04-02T00:00:00Z\",\"to\":\"2026-04-01T00:00:00Z\"}")
                .post("/api/v1/reports").then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("The end of the period (To) must be after its start (From)."));
        as(ownerA).contentType("application/json").body("{\"kind\":\"CHANGES\",\"to\":\"2026-04-01T00:00:00Z\"}")
                .post("/api/v1/reports").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("needs \"from\""));
        as(ownerA).contentType("application/json").body("{\"kind\":\"WEEKLY\"}").post("/api/v1/reports").then()
                .statusCode(400).contentType(PROBLEM).body("detail", equalTo("\"kind\" is STATUS or CHANGES, not \"WEEKLY\"."));
        as(ownerA).contentType("application/json").body("{\"from\":\"2026-04-01T00:00:00Z\"}").post("/api/v1/reports").then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("add \"kind\":\"CHANGES\""));
    }

    @Test
    void anUploadIsSentAndItsResultRead() {
        String number = t.bNumbers.get(0);
        String csv = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n" + t.b.sid + ",,," + number
                + ",PENDING_REGISTRATION\r\n";
        String location = as(ownerB).contentType("text/csv").queryParam("name", "nightly.csv").body(csv)
                .post("/api/v1/uploads").then().statusCode(202).body("fileName", equalTo("nightly.csv")).extract()
                .header("Location");
        String path = java.net.URI.create(location).getPath();
        await().atMost(Duration.ofSeconds(30)).until(() -> as(ownerB).get(path).jsonPath().getBoolean("settled"));
        as(ownerB).get(path).then().statusCode(200).body("state", equalTo("APPLIED")).body("statusChanges", equalTo(1))
                .body("changes[0].from", equalTo("UNREGISTERED")).body("changes[0].to", equalTo("PENDING_REGISTRATION"))
                .body("changes[0].count", equalTo(1)).body("errorCount", equalTo(0));
        as(ownerB).get("/api/v1/numbers/" + number).then().body("status", equalTo("PENDING_REGISTRATION"))
                .body("history[0].source", equalTo("UPLOAD"));
        as(ownerA).get(path).then().statusCode(404).contentType(PROBLEM);

        // a file with a problem changes nothing and says why
        String bad = "AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n" + t.a.sid + ",,," + t.aNumbers.get(0)
                + ",FAILURE\r\n";
        String rejected = java.net.URI.create(as(ownerB).contentType("text/csv").body(bad).post("/api/v1/uploads").then()
                .statusCode(202).extract().header("Location")).getPath();
        await().atMost(Duration.ofSeconds(30)).until(() -> as(ownerB).get(rejected).jsonPath().getBoolean("settled"));
        as(ownerB).get(rejected).then().body("state", equalTo("REJECTED")).body("errorCount", equalTo(1))
                .body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo("AccountSid"))
                .body("errors[0].problem", containsString("is not an account you can upload for"));
        as(ownerB).contentType("text/csv").body("").post("/api/v1/uploads").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void theOpenApiDocumentListsEveryEndpointWithTheBearerScheme() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        Map<String, List<String>> expected = Map.of(
                "/api/v1/numbers", List.of("get"),
                "/api/v1/numbers/{key}", List.of("get"),
                "/api/v1/counts", List.of("get"),
                "/api/v1/reports", List.of("post"),
                "/api/v1/reports/{id}", List.of("get"),
                "/api/v1/reports/{id}/file", List.of("get"),
                "/api/v1/uploads", List.of("post"),
                "/api/v1/uploads/{id}", List.of("get"),
                "/api/v1/troubleshooting", List.of("get"),
                "/api/v1/live-updates", List.of("get"));
        assertEquals(expected.keySet(), paths.keySet());
        expected.forEach((path, methods) -> assertEquals(methods, List.copyOf(paths.get(path).keySet()), path));
        assertEquals("bearer", doc.getString("components.securitySchemes.token.scheme"));
        assertEquals(List.of(Map.of("token", List.of())), doc.getList("security"));
    }
}
