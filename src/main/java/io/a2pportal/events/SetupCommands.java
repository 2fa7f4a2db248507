package io.a2pportal.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The vendor's CLI and API calls an owner copies to point one account's Event Streams at the
 * portal: a webhook sink with the portal's URL, and a subscription of that sink to the A2P event
 * types. Both belong to the account whose credentials create them, so for a subaccount they run
 * with the subaccount's own SID and auth token; that is why each account gets its own set-up.
 */
public final class SetupCommands {

    public static final String TYPE_PREFIX = "com.twilio.messaging.compliance.";

    /**
     * The A2P event types and the schema version subscribed to: version 2 where the event-type pages
     * list it (numbers and campaigns; it adds the messaging service to number events), 1 for brands.
     */
    public static final Map<String, Integer> TYPES = types();

    private SetupCommands() {
    }

    private static Map<String, Integer> types() {
        Map<String, Integer> types = new LinkedHashMap<>();
        for (String t : List.of("number-registration.pending", "number-registration.successful", "number-registration.failed",
                "number-deregistration.pending", "number-deregistration.successful", "number-deregistration.failed",
                "campaign-registration.campaign-submitted", "campaign-registration.campaign-approved",
                "campaign-registration.campaign-failure")) {
            types.put(TYPE_PREFIX + t, 2);
        }
        for (String t : List.of("brand-registration.brand-registered", "brand-registration.brand-failure",
                "brand-registration.brand-verified", "brand-registration.brand-unverified",
                "brand-registration.brand-vetted-verified", "brand-registration.brand-secondary-vetting-failure")) {
            types.put(TYPE_PREFIX + t, 1);
        }
        return Collections.unmodifiableMap(types);
    }

    /** The sink's configuration as the vendor takes it (JSON): our URL, POST, events in batches. */
    static String sinkConfiguration(String sinkUrl) {
        return "{\"destination\":\"" + sinkUrl + "\",\"method\":\"POST\",\"batch_events\":true}";
    }

    private static List<String> typeObjects() {
        return TYPES.entrySet().stream()
                .map(e -> "{\"type\":\"" + e.getKey() + "\",\"schema_version\":" + e.getValue() + "}").toList();
    }

    /** The two CLI calls, run with the account's own credentials. */
    public static String cli(String accountSid, String sinkUrl) {
        String credentials = "TWILIO_ACCOUNT_SID=" + accountSid + " TWILIO_AUTH_TOKEN=<its auth token> \\\n";
        return "# 1. The sink (note the DG... SID it prints)\n" + credentials
                + "twilio api:events:v1:sinks:create --description \"A2P Status Portal\" --sink-type webhook \\\n"
                + "  --sink-configuration '" + sinkConfiguration(sinkUrl) + "'\n\n"
                + "# 2. The subscription to the A2P event types\n" + credentials
                + "twilio api:events:v1:subscriptions:create --description \"A2P registration status\" \\\n"
                + "  --sink-sid DG<the sink's SID> \\\n"
                + typeObjects().stream().map(t -> "  --types '" + t + "'").collect(Collectors.joining(" \\\n")) + "\n";
    }

    /** The same two calls made on the vendor's REST API. */
    public static String api(String accountSid, String sinkUrl) {
        String auth = "  -u " + accountSid + ":<its auth token> \\\n";
        return "curl -X POST https://events.twilio.com/v1/Sinks \\\n" + auth
                + "  --data-urlencode 'Description=A2P Status Portal' \\\n"
                + "  --data-urlencode 'SinkType=webhook' \\\n"
                + "  --data-urlencode 'SinkConfiguration=" + sinkConfiguration(sinkUrl) + "'\n\n"
                + "curl -X POST https://events.twilio.com/v1/Subscriptions \\\n" + auth
                + "  --data-urlencode 'Description=A2P registration status' \\\n"
                + "  --data-urlencode 'SinkSid=DG<the sink's SID>' \\\n"
                + typeObjects().stream().map(t -> "  --data-urlencode 'Types=" + t + "'").collect(Collectors.joining(" \\\n"))
                + "\n";
    }
}
