package io.a2pportal.reports;

/** Where a report is in its life, as its page shows it. */
public enum ReportState {
    QUEUED("Queued"), RUNNING("Generating"), READY("Ready"), FAILED("Failed"), EXPIRED("Expired");

    public final String label;

    ReportState(String label) {
        this.label = label;
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /** CSS class suffix for the state badge. */
    public String badge() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
