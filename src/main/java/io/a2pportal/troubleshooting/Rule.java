package io.a2pportal.troubleshooting;

/** The advisor's rules, as users see them named; {@link Advisor} holds what each one checks. */
public enum Rule {
    FAILURE("Registration failed"),
    BRAND_BLOCKED("Brand blocked"),
    CAMPAIGN_BLOCKED("Campaign blocked"),
    NO_CAMPAIGN("No campaign"),
    SOLE_PROPRIETOR_EXTRA_NUMBER("Extra number in a Sole Proprietor service"),
    OVERDUE("Registration overdue"),
    CAMPAIGN_NOT_VERIFIED("Campaign not verified yet"),
    WAITING("Registration under way"),
    MOVING_BETWEEN_CAMPAIGNS("Deregistration under way"),
    SOLE_PROPRIETOR_REGISTERED_NUMBER("The Sole Proprietor service's one registered number"),
    SERVICE_POOL_LIMIT("Messaging service near its 400-number limit"),
    BRAND_CAMPAIGN_LIMIT("Brand near its 100-campaign limit");

    public final String title;

    Rule(String title) {
        this.title = title;
    }
}
