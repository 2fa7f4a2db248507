package io.a2pportal.numbers;

import java.time.Instant;

/** One line of the Active Numbers table. */
public record NumberRow(String sid, String e164, RegistrationStatus status, String campaignSid, String campaignStatus,
        String messagingServiceSid, String accountSid, String accountName, boolean parentAccount, String brandKind,
        Instant statusChangedAt, Instant statusObservedAt, String statusSource) {

    /** Where the status was last observed, as the pages name it. */
    public String statusSourceLabel() {
        return PhoneNumber.sourceLabel(statusSource);
    }

    /** The key of the number's page: its PN SID when known, else its E.164 form. */
    public String pageKey() {
        return sid != null ? sid : e164;
    }
}
