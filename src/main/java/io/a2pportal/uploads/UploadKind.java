package io.a2pportal.uploads;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The two kinds of file the portal accepts, told apart by their header row. */
public enum UploadKind {
    STATUS_REPORT("Status report", List.of("AccountSid", "CampaignSid", "MessagingServiceSid", "PhoneNumber", "Status")),
    INVENTORY("Inventory file", List.of("AccountSid", "BrandSid", "BrandType", "BrandStatus", "CampaignSid", "UseCase",
            "CampaignStatus", "MessagingServiceSid"));

    public final String label;
    public final List<String> columns;

    UploadKind(String label, List<String> columns) {
        this.label = label;
        this.columns = columns;
    }

    public String header() {
        return String.join(",", columns);
    }

    /** Header names compare without regard to case, spaces, underscores or hyphens. */
    static String normalise(String name) {
        return name.replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The kind whose columns the header names (in any order), with each column's position, or empty
     * when the header matches neither kind exactly.
     */
    static Optional<Map<String, Integer>> positions(UploadKind kind, List<String> header) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = normalise(header.get(i));
            for (String column : kind.columns) {
                if (normalise(column).equals(name) && positions.putIfAbsent(column, i) != null) {
                    return Optional.empty();
                }
            }
        }
        return positions.size() == kind.columns.size() && header.size() == kind.columns.size() ? Optional.of(positions)
                : Optional.empty();
    }
}
