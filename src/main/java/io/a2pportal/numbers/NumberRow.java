package io.a2pportal.numbers;

import java.time.Instant;

/**
 * One line of the Active Numbers table, with its most severe advice once the page has it (null when
 * there is nothing to do). The row carries its advice so that the table's template reads each line
 * alone: a name from outside the loop is looked up through every enclosing scope for every line.
 */
public record NumberRow(String sid, String e164, RegistrationStatus status, String campaignSid, String campaignStatus,
        String messagingServiceSid, String accountSid, String accountName, boolean parentAccount, String brandKind,
        Instant statusChangedAt, Instant statusObservedAt, String statusSource, NumberAdvice.Advice advice) {

    /** This row with its most severe advice (null: nothing to do). */
    public NumberRow withAdvice(NumberAdvice.Advice found) {
        return new NumberRow(sid, e164, status, campaignSid, campaignStatus, messagingServiceSid, accountSid, accountName, parentAccount,
                brandKind, statusChangedAt, statusObservedAt, statusSource, found);
    }

    /** Where the status was last observed, as the pages name it. */
    public String statusSourceLabel() {
        return PhoneNumber.sourceLabel(statusSource);
    }

    /** The key of the number's page: its PN SID when known, else its E.164 form. */
    public String pageKey() {
        return sid != null ? sid : e164;
    }
}
