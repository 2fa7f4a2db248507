package io.a2pportal.api.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events an endpoint can subscribe to, by the names receivers see in {@code type}. */
public enum EventType {
    REPORT_READY("report.ready", "A report is ready to download"),
    REPORT_FAILED("report.failed", "A report could not be generated"),
    UPLOAD_APPLIED("upload.applied", "An upload was applied"),
    UPLOAD_REJECTED("upload.rejected", "An upload was rejected"),
    NUMBER_STATUS_CHANGED("number.status_changed", "Numbers changed status (in batches)");

    /** The type of the event the "Send test event" button sends, to its endpoint only. */
    public static final String TEST = "webhook.test";

    public final String id;
    public final String label;

    EventType(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public static Optional<EventType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<EventType> all() {
        return List.of(values());
    }
}
