package io.a2pportal.numbers;

import java.util.List;

/** Campaign use cases, as the vendor spells them (one starts with a digit, so they are kept as text). */
public final class UseCase {

    public static final String SOLE_PROPRIETOR = "SOLE_PROPRIETOR";
    public static final List<String> ALL = List.of("2FA", "ACCOUNT_NOTIFICATION", "AGENTS_FRANCHISES", "CHARITY",
            "CUSTOMER_CARE", "DELIVERY_NOTIFICATION", "EMERGENCY", "FRAUD_ALERT", "HIGHER_EDUCATION", "LOW_VOLUME",
            "MARKETING", "MIXED", "POLITICAL", "POLLING_VOTING", "PROXY", "PUBLIC_SERVICE_ANNOUNCEMENT", "SECURITY_ALERT",
            "SOCIAL", SOLE_PROPRIETOR, "SWEEPSTAKE");

    private UseCase() {
    }
}
