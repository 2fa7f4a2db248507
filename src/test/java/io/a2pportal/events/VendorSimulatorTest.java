package io.a2pportal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The simulator's batches are what the vendor sends: CloudEvents in a JSON array, signed over the sink's URL. */
class VendorSimulatorTest {

    static final String SINK = "https://portal.example.test/events/abcdefghijklmnopqrstuvwx";
    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    static final String AC = "AC" + "1".repeat(32);
    static final Instant NOW = Instant.parse("2026-12-02T01:30:00Z");

    static final List<VendorSimulator.SimulatedNumber> NUMBERS = List.of(
            new VendorSimulator.SimulatedNumber("+14155550100", "PN" + "2".repeat(32), AC, "UNREGISTERED", "CM" + "3".repeat(32),
                    "MG" + "4".repeat(32)),
            new VendorSimulator.SimulatedNumber("+14155550101", "PN" + "5".repeat(32), AC, "PENDING_REGISTRATION", null, null),
            new VendorSimulator.SimulatedNumber("+14155550102", "PN" + "6".repeat(32), AC, "PENDING_REGISTRATION", null, null),
            new VendorSimulator.SimulatedNumber("+14155550103", "PN" + "7".repeat(32), AC, "REGISTERED", null, null));

    @Test
    void theBatchIsSignedAsTheVendorSignsIt() {
        VendorSimulator.Batch batch = VendorSimulator.batch(SINK, TOKEN, NUMBERS, NOW);
        assertEquals(SINK + "?bodySHA256=" + VendorSignature.bodyHash(batch.body()), batch.url());
        assertTrue(VendorSignature.valid(TOKEN, batch.url(), batch.body(), batch.signature()));
        assertFalse(VendorSignature.valid("f".repeat(32), batch.url(), batch.body(), batch.signature()), "another token");
        byte[] changed = new String(batch.body(), StandardCharsets.UTF_8).replace("+14155550100", "+14155550199")
                .getBytes(StandardCharsets.UTF_8);
        assertFalse(VendorSignature.valid(TOKEN, batch.url(), changed, batch.signature()), "a changed body");
        assertFalse(VendorSignature.valid(TOKEN, batch.url().replace("/events/", "/events/x"), batch.body(), batch.signature()),
                "another URL");
    }

    @Test
    void theBodyIsAnArrayOfCloudEventsWithTheNumbersData() {
        VendorSimulator.Batch batch = VendorSimulator.batch(SINK, TOKEN, NUMBERS, NOW);
        JsonArray events = new JsonArray(new String(batch.body(), StandardCharsets.UTF_8));
        assertEquals(4, events.size());
        assertEquals(4, batch.events());
        List<String> types = events.stream().map(e -> ((JsonObject) e).getString("type")).toList();
        assertEquals(List.of("com.twilio.messaging.compliance.number-registration.pending",
                "com.twilio.messaging.compliance.number-registration.successful",
                "com.twilio.messaging.compliance.number-registration.failed",
                "com.twilio.messaging.compliance.number-deregistration.pending"), types);
        JsonObject first = events.getJsonObject(0);
        assertEquals("1.0", first.getString("specversion"));
        assertEquals("https://events-schemas.twilio.com/A2P.NumberRegistrationPending/2", first.getString("dataschema"));
        assertEquals("2026-12-02T01:30:00Z", first.getString("time"));
        assertTrue(first.getString("source").contains(AC), first.encode());
        UUID.fromString(first.getString("id"));
        assertNotEquals(first.getString("id"), events.getJsonObject(1).getString("id"));
        JsonObject data = first.getJsonObject("data");
        assertEquals("+14155550100", data.getString("phonenumber"));
        assertEquals("PN" + "2".repeat(32), data.getString("phonenumbersid"));
        assertEquals(AC, data.getString("accountsid"));
        assertEquals("CM" + "3".repeat(32), data.getString("campaignsid"));
        assertEquals("MG" + "4".repeat(32), data.getString("messagingservicesid"));
        assertEquals(NOW.toEpochMilli(), data.getLong("timestamp"));
        assertEquals(NOW.toEpochMilli(), data.getLong("updateddate"));
        UUID.fromString(data.getString("id"));
        JsonObject failed = events.getJsonObject(2).getJsonObject("data");
        assertEquals("FAILED", failed.getString("externalstatus"));
        assertTrue(failed.getString("failurereason").contains("simulated"), failed.encode());
    }
}
