package io.a2pportal.troubleshooting;

import java.util.Locale;

/** How urgent a diagnosis is, least urgent first. */
public enum Severity {
    /** Worth knowing; nothing to do for this number. */
    FINE("Fine"),
    /** Something is under way; check again by the date given. */
    WAIT("Wait"),
    /** Someone has to act before this number can send US traffic. */
    ACT("Act");

    public final String label;

    Severity(String label) {
        this.label = label;
    }

    /** CSS class suffix for the severity badge. */
    public String badge() {
        return name().toLowerCase(Locale.ROOT);
    }
}
