package io.a2pportal.reports;

/** What a report lists: the numbers of its scope as they are now, or the status changes of a period. */
public enum ReportKind {
    /** One row per number with its current status: the vendor's CSV status report. */
    STATUS("CSV status report"),
    /** One row per status transition recorded in the report's period. */
    CHANGES("What-changed report");

    public final String label;

    ReportKind(String label) {
        this.label = label;
    }
}
