package io.a2pportal.numbers;

/** Customer profile and trust bundle review states. */
public enum ProfileStatus {
    DRAFT, PENDING_REVIEW, IN_REVIEW, TWILIO_REJECTED, TWILIO_APPROVED
}
