package io.a2pportal.uploads;

public enum UploadState {
    QUEUED("Queued"), VALIDATING("Checking the file"), IMPORTING("Importing"), APPLIED("Imported"),
    REJECTED("Rejected: nothing changed"), FAILED("Failed: nothing changed");

    public final String label;

    UploadState(String label) {
        this.label = label;
    }

    public boolean isSettled() {
        return this == APPLIED || this == REJECTED || this == FAILED;
    }
}
