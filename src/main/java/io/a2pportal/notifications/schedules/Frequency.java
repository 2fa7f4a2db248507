package io.a2pportal.notifications.schedules;

/** How often a scheduled report runs. */
public enum Frequency {
    DAILY("Daily"), WEEKLY("Weekly"), MONTHLY("Monthly");

    public final String label;

    Frequency(String label) {
        this.label = label;
    }
}
