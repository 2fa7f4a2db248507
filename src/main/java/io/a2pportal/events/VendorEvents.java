package io.a2pportal.events;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.shared.Formats;

/**
 * The vendor's deliveries read: a JSON array of CloudEvents 1.0, and what each A2P event type
 * says. Lenient where the vendor's examples differ from its schemas: data field names in any case
 * ({@code failureReason}), numbers without their {@code +}, a time only in the data's
 * {@code timestamp}.
 */
public final class VendorEvents {

    public static final String GROUP = "com.twilio.messaging.compliance.";

    /** The number events, by type, and the status each reports. */
    public static final Map<String, RegistrationStatus> NUMBER_TYPES = Map.of(
            GROUP + "number-registration.pending", RegistrationStatus.PENDING_REGISTRATION,
            GROUP + "number-registration.successful", RegistrationStatus.REGISTERED,
            GROUP + "number-registration.failed", RegistrationStatus.FAILURE,
            GROUP + "number-deregistration.pending", RegistrationStatus.PENDING_DEREGISTRATION,
            GROUP + "number-deregistration.successful", RegistrationStatus.UNREGISTERED,
            GROUP + "number-deregistration.failed", RegistrationStatus.FAILURE);

    public static final Map<String, CampaignStatus> CAMPAIGN_TYPES = Map.of(
            GROUP + "campaign-registration.campaign-submitted", CampaignStatus.IN_PROGRESS,
            GROUP + "campaign-registration.campaign-approved", CampaignStatus.VERIFIED,
            GROUP + "campaign-registration.campaign-failure", CampaignStatus.FAILED);

    /** The events about a suspended campaign (its deletion asked for, and so on) say it is suspended. */
    public static final String SUSPENDED_CAMPAIGN_PREFIX = GROUP + "campaign-registration.suspended-campaign-";

    public static final Map<String, BrandStatus> BRAND_TYPES = Map.of(
            GROUP + "brand-registration.brand-registered", BrandStatus.APPROVED,
            GROUP + "brand-registration.brand-verified", BrandStatus.APPROVED,
            GROUP + "brand-registration.brand-vetted-verified", BrandStatus.APPROVED,
            GROUP + "brand-registration.brand-failure", BrandStatus.FAILED,
            GROUP + "brand-registration.brand-unverified", BrandStatus.FAILED);

    /** Known types that carry no status the portal keeps: recorded as IGNORED. */
    public static final Set<String> IGNORED_TYPES = Set.of(
            GROUP + "campaign-registration.campaign-deleted",
            GROUP + "brand-registration.brand-secondary-vetting-failure");

    /** The longest event id and type kept (longer ones are malformed). */
    static final int ID_MAX = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private VendorEvents() {
    }

    /**
     * One CloudEvent: its id and type, its CloudEvents {@code time} (null when absent or
     * unreadable) and its data's fields by lower-case name (empty when it has no data object).
     * {@code index} is its place in the delivery, from 1.
     */
    public record Event(int index, String id, String type, Instant time, Map<String, JsonNode> data) {

        /** A data field as text, null when absent, null or blank. */
        public String text(String field) {
            JsonNode node = data.get(field);
            if (node == null || node.isNull() || node.isContainerNode()) {
                return null;
            }
            String value = node.asText().strip();
            return value.isEmpty() ? null : value;
        }

        /** A data field as a whole number, null when absent or not one. */
        public Long number(String field) {
            JsonNode node = data.get(field);
            if (node != null && node.canConvertToLong() && node.isIntegralNumber()) {
                return node.asLong();
            }
            String text = text(field);
            return text != null && text.matches("-?[0-9]{1,18}") ? Long.parseLong(text) : null;
        }

        /** When the vendor observed it: the data's timestamp (ms), else the CloudEvents time, else {@code received}. */
        public Instant observedAt(Instant received) {
            Long timestamp = number("timestamp");
            if (timestamp != null && timestamp > 0) {
                return Instant.ofEpochMilli(timestamp);
            }
            return time != null ? time : received;
        }

        /** The phone number in E.164, null when missing or malformed; a number without its {@code +} gets one. */
        public String e164() {
            String value = text("phonenumber");
            if (value != null && value.matches("[1-9][0-9]{6,14}")) {
                value = "+" + value;
            }
            return Formats.isE164(value) ? value : null;
        }

        /** A SID field, null when missing or not of one of the prefixes. */
        public String sid(String field, String... prefixes) {
            String value = text(field);
            for (String prefix : prefixes) {
                if (Formats.isSid(prefix, value)) {
                    return value;
                }
            }
            return null;
        }
    }

    /** A delivery read: its events, and what made parts of it unreadable. */
    public record Batch(List<Event> events, List<String> malformed) {
    }

    /** Reads a delivery's body; never throws: what cannot be read is described in {@code malformed}. */
    public static Batch parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Batch(List.of(), List.of("The delivery is not JSON: " + shorten(e.getOriginalMessage())));
        } catch (IOException e) {
            return new Batch(List.of(), List.of("The delivery could not be read: " + shorten(e.getMessage())));
        }
        if (root == null || !root.isArray()) {
            return new Batch(List.of(), List.of("The delivery is not a JSON array of events."));
        }
        List<Event> events = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root) {
            index++;
            if (!node.isObject()) {
                malformed.add("Event " + index + " of the delivery is not a JSON object.");
                continue;
            }
            String id = node.path("id").isValueNode() ? node.path("id").asText().strip() : "";
            if (id.isEmpty() || id.length() > ID_MAX) {
                malformed.add("Event " + index + " of the delivery has " + (id.isEmpty() ? "no id" : "an id over " + ID_MAX
                        + " characters") + ", so it cannot be told apart from a redelivery.");
                continue;
            }
            String type = node.path("type").isValueNode() ? node.path("type").asText().strip() : "";
            events.add(new Event(index, id, type.length() > ID_MAX ? type.substring(0, ID_MAX) : type,
                    time(node.path("time")), data(node.path("data"))));
        }
        return new Batch(events, malformed);
    }

    private static Instant time(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText().strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, JsonNode> data(JsonNode node) {
        Map<String, JsonNode> fields = new HashMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.putIfAbsent(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
            }
        }
        return fields;
    }

    static String shorten(String message) {
        String text = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
