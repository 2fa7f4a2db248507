package io.a2pportal.troubleshooting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The troubleshooting rules of {@code A2P-REGISTRATION.md}, one method per {@link Rule}. Each reads
 * only the {@link NumberFacts} of a number and the clock, and finds at most one diagnosis.
 * <p>
 * The overdue clock: the reference counts two weeks from the number joining the service of a
 * registered campaign. The portal knows when the number joined its service and when it took its
 * current status, not when the campaign was registered; a number that takes a waiting status after
 * joining (registration requested anew, after a failure or once the campaign is registered) starts
 * waiting then. So the clock starts at the later of the two ({@link #waitingSince}). A number waiting
 * less than {@link #NORMAL_WAIT} is waiting; from exactly 14 days (14 &times; 24 hours) on it is
 * overdue. Days remaining are rounded up, so a number 13 days and 1 hour in has 1 day left.
 * <p>
 * One number never gets advice that contradicts itself: beside a diagnosis that says someone has
 * to act, the ones that say the number gets there by waiting ({@link #WAITING_HELPS}) are left out.
 * <p>
 * {@link AttentionCondition} repeats the rules that find {@link Severity#ACT} in SQL; its test keeps
 * the two in step.
 */
@ApplicationScoped
public class Advisor {

    public static final Duration NORMAL_WAIT = Duration.ofDays(14);
    public static final int POOL_LIMIT = 400;
    public static final int POOL_NEAR = 360;
    public static final int BRAND_CAMPAIGN_LIMIT = 100;
    public static final int BRAND_CAMPAIGNS_NEAR = 90;

    static final Set<BrandStatus> BLOCKING_BRAND = EnumSet.of(BrandStatus.FAILED, BrandStatus.SUSPENDED,
            BrandStatus.DELETION_PENDING, BrandStatus.DELETION_FAILED);
    static final Set<CampaignStatus> BLOCKING_CAMPAIGN = EnumSet.of(CampaignStatus.FAILED, CampaignStatus.SUSPENDED);
    /** Diagnoses whose advice is that the number registers by itself, given time. */
    static final Set<Rule> WAITING_HELPS = EnumSet.of(Rule.WAITING, Rule.CAMPAIGN_NOT_VERIFIED);

    private static final Comparator<Diagnosis> MOST_SEVERE_FIRST = Comparator
            .comparing(Diagnosis::severity, Comparator.reverseOrder()).thenComparing(Diagnosis::rule);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Clock clock;

    @Inject
    public Advisor(Clock clock) {
        this.clock = clock;
    }

    /** Every diagnosis of the number, most severe first; empty when nothing is worth saying. */
    public List<Diagnosis> diagnose(NumberFacts f) {
        Instant now = clock.instant();
        List<Diagnosis> found = new ArrayList<>();
        Stream.of(failure(f), brandBlocked(f), campaignBlocked(f), noCampaign(f), soleProprietorExtraNumber(f),
                registrationAge(f, now), campaignNotVerified(f), movingBetweenCampaigns(f, now),
                soleProprietorRegisteredNumber(f), servicePoolOverLimit(f), servicePoolLimit(f), brandCampaignLimit(f))
                .flatMap(Optional::stream).forEach(found::add);
        if (found.stream().anyMatch(Diagnosis::needsAction)) {
            found.removeIf(d -> WAITING_HELPS.contains(d.rule()));
        }
        found.sort(MOST_SEVERE_FIRST);
        return found;
    }

    /** The most severe diagnosis, if any. */
    public Optional<Diagnosis> mostSevere(NumberFacts f) {
        return diagnose(f).stream().findFirst();
    }

    /** The moment from which a number waiting since then or earlier ({@link #waitingSince}) is overdue. */
    public Instant overdueCutoff() {
        return clock.instant().minus(NORMAL_WAIT);
    }

    /**
     * When the number's wait for registration started: the later of joining its service and taking
     * its current status; null when the join is not known.
     */
    static Instant waitingSince(NumberFacts f) {
        if (f.joinedServiceAt() == null) {
            return null;
        }
        return f.statusChangedAt() != null && f.statusChangedAt().isAfter(f.joinedServiceAt()) ? f.statusChangedAt()
                : f.joinedServiceAt();
    }

    /**
     * FAILURE: registration or deregistration failed. A live event may say why (its failure reason
     * and error code); without a reason the vendor documents the failure as unexplained (30126).
     */
    Optional<Diagnosis> failure(NumberFacts f) {
        if (f.status() != RegistrationStatus.FAILURE) {
            return Optional.empty();
        }
        if (f.failureReason() != null) {
            return found(Rule.FAILURE, "Registration or deregistration of this number failed. The vendor's reason: "
                    + f.failureReason() + (f.failureReason().endsWith(".") ? "" : "."),
                    "Correct what the reason names, then have the number registered again (remove it from its messaging"
                            + " service and add it back). If the reason is unclear, contact support and send "
                            + supportDetails(f) + ", with the vendor's reason.",
                    f.errorCode() != null ? String.valueOf(f.errorCode()) : "30126");
        }
        return found(Rule.FAILURE, "Registration or deregistration of this number failed, and the carriers gave no reason.",
                "Contact support and send " + supportDetails(f) + ".", f.errorCode() != null ? String.valueOf(f.errorCode()) : "30126");
    }

    /** A brand that failed, is suspended or is being deleted blocks every campaign and number under it. */
    Optional<Diagnosis> brandBlocked(NumberFacts f) {
        if (!BLOCKING_BRAND.contains(f.brandStatus())) {
            return Optional.empty();
        }
        String brand = "Brand " + f.brandSid();
        String blocks = ", which blocks every campaign and number under it.";
        return switch (f.brandStatus()) {
            case FAILED -> found(Rule.BRAND_BLOCKED, brand + " failed registration" + blocks,
                    "Read in the Console why the brand failed, correct its details and resubmit it; its numbers register"
                            + " once a campaign of the approved brand is verified.",
                    unregisteredCode(f));
            case SUSPENDED -> found(Rule.BRAND_BLOCKED, brand + " is suspended" + blocks,
                    "Contact support with brand SID " + f.brandSid() + " to learn what lifts the suspension; numbers"
                            + " that must send meanwhile need a service whose campaign belongs to another approved brand.",
                    unregisteredCode(f));
            case DELETION_PENDING -> found(Rule.BRAND_BLOCKED, brand + " is being deleted" + blocks,
                    "If the deletion is intended, move the numbers to a service whose campaign belongs to another"
                            + " approved brand; if not, contact support at once with brand SID " + f.brandSid() + ".",
                    unregisteredCode(f));
            default -> found(Rule.BRAND_BLOCKED, "Deleting brand " + f.brandSid() + " failed" + blocks,
                    "Contact support with brand SID " + f.brandSid() + ".", unregisteredCode(f));
        };
    }

    /** A campaign that failed vetting or is suspended blocks every number in its services. */
    Optional<Diagnosis> campaignBlocked(NumberFacts f) {
        if (!BLOCKING_CAMPAIGN.contains(f.campaignStatus())) {
            return Optional.empty();
        }
        String pool = " This number's service " + f.serviceSid() + " holds " + count(f.serviceNumbers(), "number") + ".";
        if (f.campaignStatus() == CampaignStatus.FAILED) {
            return found(Rule.CAMPAIGN_BLOCKED,
                    "Campaign " + f.campaignName() + " (" + f.useCase() + ") failed vetting, which blocks every number in"
                            + " its services." + pool,
                    "Read the rejection reason in the Console, correct the campaign (description, sample messages,"
                            + " opt-in) and resubmit it, or move the numbers to a service whose campaign is verified.",
                    unregisteredCode(f));
        }
        return found(Rule.CAMPAIGN_BLOCKED,
                "Campaign " + f.campaignName() + " (" + f.useCase() + ") is suspended, which blocks every number in its"
                        + " services." + pool,
                "Contact support with campaign SID " + f.campaignName() + " to learn what lifts the suspension.",
                unregisteredCode(f));
    }

    /** UNREGISTERED with a blank campaign: sending US traffic fails with 30034. */
    Optional<Diagnosis> noCampaign(NumberFacts f) {
        if (f.status() != RegistrationStatus.UNREGISTERED || f.hasCampaign()) {
            return Optional.empty();
        }
        String where = f.hasService() ? "Its messaging service " + f.serviceSid() + " is linked to no campaign"
                : "This number is in no messaging service, so it is tied to no campaign";
        return found(Rule.NO_CAMPAIGN,
                where + ": the report shows a blank Campaign SID, and sending US traffic from it fails with error 30034.",
                (f.hasService() ? "Link service " + f.serviceSid() + " to a verified campaign, or add" : "Add")
                        + " the number to a messaging service whose campaign is verified. Do it once: every removal or"
                        + " move starts provisioning again, with downtime.",
                "30034");
    }

    /** A Sole Proprietor campaign registers one number; the others in its service stay UNREGISTERED (30125). */
    Optional<Diagnosis> soleProprietorExtraNumber(NumberFacts f) {
        if (!isSoleProprietorExtra(f)) {
            return Optional.empty();
        }
        String registered = f.serviceRegisteredE164() == null ? "none of them is registered yet"
                : f.serviceRegisteredE164() + " is the registered one";
        return found(Rule.SOLE_PROPRIETOR_EXTRA_NUMBER,
                "A Sole Proprietor campaign registers exactly one number. Service " + f.serviceSid() + " holds "
                        + count(f.serviceNumbers(), "number") + " and " + registered + " (picked at random when the"
                        + " service already held several); the others, this one included, stay UNREGISTERED"
                        + " (warning 30125).",
                "To register this number instead, remove every number from service " + f.serviceSid() + " and add back"
                        + " only this one. To send from several numbers, register a Standard brand and campaign and move"
                        + " them there. Each removal and re-add starts provisioning again, with downtime.",
                "30125");
    }

    /**
     * Waiting is normal for less than two weeks after joining the service of a verified campaign, or
     * after taking a waiting status there, whichever came later; from two weeks on the number is
     * overdue. Numbers blocked by their brand, and the extra numbers of a Sole Proprietor service, are
     * left to those rules.
     */
    Optional<Diagnosis> registrationAge(NumberFacts f, Instant now) {
        boolean waitingStatus = f.status() == RegistrationStatus.PENDING_REGISTRATION
                || f.status() == RegistrationStatus.UNREGISTERED;
        if (!waitingStatus || !f.campaignVerified() || BLOCKING_BRAND.contains(f.brandStatus())
                || isSoleProprietorExtra(f)) {
            return Optional.empty();
        }
        String code = f.status() == RegistrationStatus.PENDING_REGISTRATION ? "30035" : "30034";
        String service = "service " + f.serviceSid() + " of verified campaign " + f.campaignName();
        if (f.joinedServiceAt() == null) {
            return found(Rule.WAITING,
                    "It is in " + service + ", but when it joined is not known. Carriers usually finish within two"
                            + " weeks of a number joining.",
                    "If it joined more than two weeks ago, escalate to support and send " + supportDetails(f) + ".",
                    code);
        }
        Instant since = waitingSince(f);
        Duration age = Duration.between(since, now);
        String joined = "It joined " + service + " " + daysAgo(f.joinedServiceAt(), now) + " (on "
                + DAY.format(f.joinedServiceAt()) + ")";
        if (!since.equals(f.joinedServiceAt())) {
            joined += " and has been " + f.status() + " since " + DAY.format(since) + ", " + daysAgo(since, now);
        }
        if (age.compareTo(NORMAL_WAIT) < 0) {
            Duration left = NORMAL_WAIT.minus(age);
            long daysLeft = left.toDays() + (left.minusDays(left.toDays()).isZero() ? 0 : 1);
            Instant deadline = since.plus(NORMAL_WAIT);
            return found(Rule.WAITING,
                    joined + "; carriers usually finish within two weeks, so this is normal.",
                    "Nothing yet: " + count(daysLeft, "day") + " of the normal two weeks remain. If it is still not"
                            + " registered on " + DAY.format(deadline) + ", escalate to support.",
                    code);
        }
        return found(Rule.OVERDUE, joined + ", longer than the two weeks carriers usually need.",
                "Escalate to support and send " + supportDetails(f) + ".", code);
    }

    /** The campaign is still being vetted: numbers register only after, and the report leaves their service SID blank. */
    Optional<Diagnosis> campaignNotVerified(NumberFacts f) {
        if (f.campaignStatus() != CampaignStatus.IN_PROGRESS || f.status() == RegistrationStatus.REGISTERED) {
            return Optional.empty();
        }
        String brand = f.brandStatus() != null && f.brandStatus() != BrandStatus.APPROVED
                ? ", and its brand " + f.brandSid() + " is " + f.brandStatus()
                : "";
        return found(Rule.CAMPAIGN_NOT_VERIFIED,
                "Campaign " + f.campaignName() + " is still being vetted (IN_PROGRESS)" + brand + ". Numbers register"
                        + " only once their campaign is verified, which is why the report leaves this number's Messaging"
                        + " Service SID blank.",
                "Nothing for the number: it registers on its own after the campaign is verified. Watch the campaign;"
                        + " if vetting fails, correct and resubmit it.",
                "30034");
    }

    /** PENDING_DEREGISTRATION: a move between campaigns is under way; sending fails with 30035 until it settles. */
    Optional<Diagnosis> movingBetweenCampaigns(NumberFacts f, Instant now) {
        if (f.status() != RegistrationStatus.PENDING_DEREGISTRATION) {
            return Optional.empty();
        }
        String since = f.statusChangedAt() == null ? ""
                : " for " + count(Math.max(0, Duration.between(f.statusChangedAt(), now).toDays()), "day");
        return found(Rule.MOVING_BETWEEN_CAMPAIGNS,
                "Deregistration has been under way" + since + ". A number moving between campaigns shows REGISTERED,"
                        + " then PENDING_DEREGISTRATION, then UNREGISTERED, then REGISTERED in the new campaign; several"
                        + " days is normal. Until it settles, sending fails with error 30035 and the number cannot join"
                        + " another service.",
                "Nothing: leave it alone, since removing or re-adding it starts provisioning again. Check again in a few"
                        + " days.",
                "30035");
    }

    /** The registered number of a Sole Proprietor service that holds others: fine, and why the others are not. */
    Optional<Diagnosis> soleProprietorRegisteredNumber(NumberFacts f) {
        if (!f.soleProprietor() || f.status() != RegistrationStatus.REGISTERED || f.serviceNumbers() < 2) {
            return Optional.empty();
        }
        return found(Rule.SOLE_PROPRIETOR_REGISTERED_NUMBER,
                "This is the one number Sole Proprietor campaign " + f.campaignName() + " registers; the other "
                        + count(f.serviceNumbers() - 1, "number") + " in service " + f.serviceSid()
                        + " stay UNREGISTERED (warning 30125).",
                "Nothing for this number. Remove the others from the service, or move to a Standard brand to send from"
                        + " several numbers.",
                "30125");
    }

    /**
     * More numbers than a pool holds by default: adding the ones beyond 400 fails with 21714, so
     * either the service's limit was raised or the portal's record of its pool is wrong.
     */
    Optional<Diagnosis> servicePoolOverLimit(NumberFacts f) {
        if (!f.hasService() || f.serviceNumbers() <= POOL_LIMIT) {
            return Optional.empty();
        }
        int over = f.serviceNumbers() - POOL_LIMIT;
        return found(Rule.SERVICE_POOL_OVER_LIMIT,
                "Messaging service " + f.serviceSid() + " holds " + f.serviceNumbers() + " numbers, " + over + " over the"
                        + " limit of " + POOL_LIMIT + " a pool holds by default. Adding a number to a full pool fails"
                        + " with error 21714, so unless the service's limit was raised, some of these numbers are not"
                        + " really in its pool and cannot send through it.",
                "Move " + count(over, "number") + " to another messaging service linked to a verified campaign, or ask"
                        + " support to confirm that service " + f.serviceSid() + " may hold " + f.serviceNumbers()
                        + ". Each move starts provisioning again, with downtime.",
                "21714");
    }

    /** A service's pool holds at most 400 numbers: adding one more fails with 21714. */
    Optional<Diagnosis> servicePoolLimit(NumberFacts f) {
        if (!f.hasService() || f.serviceNumbers() < POOL_NEAR || f.serviceNumbers() > POOL_LIMIT) {
            return Optional.empty();
        }
        String state = f.serviceNumbers() == POOL_LIMIT
                ? "holds " + f.serviceNumbers() + " numbers, at or above the default limit of " + POOL_LIMIT
                        + ": adding another fails with error 21714"
                : "holds " + f.serviceNumbers() + " of at most " + POOL_LIMIT + " numbers: room for "
                        + count(POOL_LIMIT - f.serviceNumbers(), "more number");
        return found(Rule.SERVICE_POOL_LIMIT,
                "Messaging service " + f.serviceSid() + " " + state + ".",
                "Nothing for this number. Put further numbers in another messaging service linked to a verified"
                        + " campaign.",
                "21714");
    }

    /** A brand holds at most 100 campaigns: registering another fails with 30930. */
    Optional<Diagnosis> brandCampaignLimit(NumberFacts f) {
        if (f.brandCampaigns() < BRAND_CAMPAIGNS_NEAR) {
            return Optional.empty();
        }
        String state = f.brandCampaigns() >= BRAND_CAMPAIGN_LIMIT
                ? "has " + f.brandCampaigns() + " campaigns, at its limit of " + BRAND_CAMPAIGN_LIMIT
                        + ": registering another fails with error 30930"
                : "has " + f.brandCampaigns() + " of at most " + BRAND_CAMPAIGN_LIMIT + " campaigns";
        return found(Rule.BRAND_CAMPAIGN_LIMIT, "Brand " + f.brandSid() + " " + state + ".",
                "Nothing for this number. Retire campaigns that are no longer used before registering new ones.",
                "30930");
    }

    private static boolean isSoleProprietorExtra(NumberFacts f) {
        return f.soleProprietor() && f.campaignVerified() && f.status() == RegistrationStatus.UNREGISTERED
                && f.serviceNumbers() > 1;
    }

    private static Optional<Diagnosis> found(Rule rule, String explanation, String remedy, String errorCode) {
        return Optional.of(new Diagnosis(rule, rule.severity, explanation, remedy, errorCode));
    }

    /** Sending US traffic from an UNREGISTERED number fails with 30034. */
    private static String unregisteredCode(NumberFacts f) {
        return f.status() == RegistrationStatus.UNREGISTERED ? "30034" : null;
    }

    /** What support needs to find the number and its chain. */
    static String supportDetails(NumberFacts f) {
        List<String> parts = new ArrayList<>();
        parts.add("the number " + f.e164() + " (" + f.numberSid() + ")");
        if (f.accountSid() != null) {
            parts.add("account " + f.accountSid());
        }
        if (f.hasService()) {
            parts.add("messaging service " + f.serviceSid());
        }
        if (f.hasCampaign()) {
            parts.add("campaign " + f.campaignName() + (f.campaignSid() == null ? "" : " (" + f.campaignSid() + ")"));
        }
        if (f.brandSid() != null) {
            parts.add("brand " + f.brandSid());
        }
        if (f.joinedServiceAt() != null) {
            parts.add("the date it joined the service (" + DAY.format(f.joinedServiceAt()) + ")");
        }
        parts.add("its status " + f.status());
        return String.join(", ", parts);
    }

    /** "0 days ago", "3 days ago": whole days, rounded down. */
    private static String daysAgo(Instant then, Instant now) {
        return count(Math.max(0, Duration.between(then, now).toDays()), "day") + " ago";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
