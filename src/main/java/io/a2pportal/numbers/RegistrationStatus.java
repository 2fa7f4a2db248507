package io.a2pportal.numbers;

import io.a2pportal.shared.Formats;

/** A number's carrier registration status, as the status report's Status column spells it. */
public enum RegistrationStatus {
    UNREGISTERED("Unregistered", "Not tied to a verified campaign. Extra numbers in a Sole Proprietor campaign's service also show this.",
            "Add the number to a Messaging Service whose campaign is verified. For Sole Proprietor, only one number can register."),
    PENDING_REGISTRATION("Pending registration", "Registration requested, carriers not done yet. Several days is normal.",
            "Nothing; check again later. If over two weeks since the number joined a registered Standard campaign's service, escalate."),
    REGISTERED("Registered", "Ready to send US traffic.", "Nothing."),
    PENDING_DEREGISTRATION("Pending deregistration",
            "Deregistration under way. Moving a number between campaigns shows Registered, then Pending De-registration, then Unregistered, then Registered. Several days is normal.",
            "Nothing; the number cannot send, nor join another service, meanwhile."),
    FAILURE("Failure", "Registration or deregistration failed for an unknown reason (error 30126).",
            "Contact support with the number and campaign.");

    public final String label;
    public final String meaning;
    public final String action;

    RegistrationStatus(String label, String meaning, String action) {
        this.label = label;
        this.meaning = meaning;
        this.action = action;
    }

    /** CSS class suffix for the status badge. */
    public String badge() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The status spelled exactly so, if there is one. */
    public static java.util.Optional<RegistrationStatus> of(String value) {
        return java.util.Optional.ofNullable(named(value));
    }

    /** The status spelled exactly so, or null. */
    public static RegistrationStatus named(String value) {
        return value == null ? null : BY_NAME.get(value);
    }

    private static final java.util.Map<String, RegistrationStatus> BY_NAME = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(RegistrationStatus::name, status -> status));

    /** The status a user asked for; a missing or unknown one is a clear error. */
    public static RegistrationStatus parse(String value) {
        return of(value).orElseThrow(() -> new io.a2pportal.shared.InvalidInputException((value == null || value.isBlank()
                ? "A status is missing." : "Unknown status \u201c" + Formats.shorten(value) + "\u201d.")
                + " Choose one of UNREGISTERED, PENDING_REGISTRATION, REGISTERED, PENDING_DEREGISTRATION, FAILURE."));
    }
}
