package io.a2pportal.troubleshooting;

/**
 * The advisor's rules as users see them named, each with the severity of what it finds, most
 * severe first; {@link Advisor} holds what each one checks.
 */
public enum Rule {
    FAILURE("Registration failed", Severity.ACT),
    BRAND_BLOCKED("Brand blocked", Severity.ACT),
    CAMPAIGN_BLOCKED("Campaign blocked", Severity.ACT),
    NO_CAMPAIGN("No campaign", Severity.ACT),
    SOLE_PROPRIETOR_EXTRA_NUMBER("Extra number in a Sole Proprietor service", Severity.ACT),
    OVERDUE("Registration overdue", Severity.ACT),
    SERVICE_POOL_OVER_LIMIT("Messaging service over its 400-number limit", Severity.ACT),
    CAMPAIGN_NOT_VERIFIED("Campaign not verified yet", Severity.WAIT),
    WAITING("Registration under way", Severity.WAIT),
    MOVING_BETWEEN_CAMPAIGNS("Deregistration under way", Severity.WAIT),
    SOLE_PROPRIETOR_REGISTERED_NUMBER("The Sole Proprietor service's one registered number", Severity.FINE),
    SERVICE_POOL_LIMIT("Messaging service near its 400-number limit", Severity.FINE),
    BRAND_CAMPAIGN_LIMIT("Brand near its 100-campaign limit", Severity.FINE);

    public final String title;
    public final Severity severity;

    Rule(String title, Severity severity) {
        this.title = title;
        this.severity = severity;
    }
}
