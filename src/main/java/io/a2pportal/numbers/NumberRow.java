package io.a2pportal.numbers;

import java.time.Instant;

/** One line of the Active Numbers table. */
public record NumberRow(String sid, String e164, RegistrationStatus status, String campaignSid, String campaignStatus,
        String messagingServiceSid, String accountSid, String accountName, boolean parentAccount, String brandKind,
        Instant statusChangedAt) {
}
