package io.a2pportal.troubleshooting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;

/** Each rule at its boundaries, on plain facts and a fixed clock. */
class AdvisorTest {

    static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    static final Advisor ADVISOR = new Advisor(Clock.fixed(NOW, ZoneOffset.UTC));

    static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    static Facts registered() {
        return Facts.registeredStandard(daysAgo(60));
    }

    static List<Diagnosis> diagnose(Facts facts) {
        return ADVISOR.diagnose(facts.build());
    }

    static List<Rule> rules(Facts facts) {
        return diagnose(facts).stream().map(Diagnosis::rule).toList();
    }

    static Diagnosis only(Facts facts, Rule rule) {
        List<Diagnosis> found = diagnose(facts);
        assertEquals(List.of(rule), found.stream().map(Diagnosis::rule).toList(), () -> "diagnoses: " + found);
        return found.get(0);
    }

    static void assertDiagnosis(Diagnosis d, Severity severity, String errorCode, String... texts) {
        assertEquals(severity, d.severity(), d.toString());
        assertEquals(errorCode, d.errorCode(), d.toString());
        for (String text : texts) {
            assertTrue((d.explanation() + " / " + d.remedy()).contains(text), () -> "missing \u201c" + text + "\u201d in " + d);
        }
    }

    @Nested
    class NoDiagnosis {
        @Test
        void registeredNumbersOfStandardAndLowVolumeCampaigns() {
            assertEquals(List.of(), rules(registered()));
            assertEquals(List.of(), rules(registered().lowVolume()));
        }

        @Test
        void theOnlyNumberOfASoleProprietorService() {
            assertEquals(List.of(), rules(registered().soleProprietor().serviceNumbers(1)));
        }

        @Test
        void justBelowThePoolAndCampaignThresholds() {
            assertEquals(List.of(), rules(registered().serviceNumbers(Advisor.POOL_NEAR - 1)
                    .brandCampaigns(Advisor.BRAND_CAMPAIGNS_NEAR - 1)));
        }
    }

    @Nested
    class Waiting {
        @Test
        void joinedTodayHasTheWholeTwoWeeksLeft() {
            Diagnosis d = only(registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(NOW), Rule.WAITING);
            assertDiagnosis(d, Severity.WAIT, "30035", "0 days ago", "14 days of the normal two weeks remain",
                    "registered on 2025-06-29");
        }

        @Test
        void thirteenDaysInHasOneDayLeft() {
            Diagnosis d = only(registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(13)),
                    Rule.WAITING);
            assertDiagnosis(d, Severity.WAIT, "30035", "13 days ago (on 2025-06-02)", "1 day of the normal two weeks remain",
                    "registered on 2025-06-16");
        }

        @Test
        void aMinuteBeforeTwoWeeksIsStillWaiting() {
            Instant joined = daysAgo(14).plus(Duration.ofMinutes(1));
            Diagnosis d = only(registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(joined), Rule.WAITING);
            assertDiagnosis(d, Severity.WAIT, "30035", "1 day of the normal two weeks remain");
        }

        @Test
        void unregisteredInAVerifiedCampaignWaitsToo() {
            Diagnosis d = only(registered().status(RegistrationStatus.UNREGISTERED).joined(daysAgo(2)), Rule.WAITING);
            assertDiagnosis(d, Severity.WAIT, "30034", "12 days of the normal two weeks remain", Facts.MG, Facts.CM);
        }

        @Test
        void anUnknownJoinDateWaitsWithTheEscalationHint() {
            Diagnosis d = only(registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(null), Rule.WAITING);
            assertDiagnosis(d, Severity.WAIT, "30035", "when it joined is not known", "more than two weeks ago");
        }

        @Test
        void noWaitingWithoutAVerifiedCampaignOrUnderABlockedBrand() {
            Facts inProgress = registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(3))
                    .campaign(CampaignStatus.IN_PROGRESS);
            assertEquals(List.of(Rule.CAMPAIGN_NOT_VERIFIED), rules(inProgress));
            Facts suspendedBrand = registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(3))
                    .brand(BrandStatus.SUSPENDED);
            assertEquals(List.of(Rule.BRAND_BLOCKED), rules(suspendedBrand));
        }
    }

    @Nested
    class WaitingClock {
        @Test
        void aNumberThatJustTookAWaitingStatusWaitsAfreshWheneverItJoined() {
            Facts facts = registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(30))
                    .statusChanged(NOW.minus(Duration.ofMinutes(5)));
            assertDiagnosis(only(facts, Rule.WAITING), Severity.WAIT, "30035", "30 days ago (on 2025-05-16)",
                    "has been PENDING_REGISTRATION since 2025-06-15, 0 days ago", "14 days of the normal two weeks remain",
                    "registered on 2025-06-29");
        }

        @Test
        void theClockRunsFromTheLaterOfJoiningAndTheStatusChange() {
            Facts base = registered().status(RegistrationStatus.UNREGISTERED).joined(daysAgo(30));
            assertDiagnosis(only(base.statusChanged(daysAgo(13)), Rule.WAITING), Severity.WAIT, "30034",
                    "1 day of the normal two weeks remain");
            assertDiagnosis(only(base.statusChanged(daysAgo(14)), Rule.OVERDUE), Severity.ACT, "30034",
                    "since 2025-06-01, 14 days ago", "Escalate to support");
            Facts changedBeforeJoining = registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(3))
                    .statusChanged(daysAgo(40));
            assertDiagnosis(only(changedBeforeJoining, Rule.WAITING), Severity.WAIT, "30035", "3 days ago",
                    "11 days of the normal two weeks remain");
        }

        @Test
        void theCutoffMatchesTheClock() {
            assertEquals(daysAgo(14), ADVISOR.overdueCutoff());
            assertEquals(daysAgo(2), Advisor.waitingSince(registered().joined(daysAgo(9)).statusChanged(daysAgo(2)).build()));
            assertEquals(daysAgo(9), Advisor.waitingSince(registered().joined(daysAgo(9)).statusChanged(daysAgo(20)).build()));
            assertEquals(null, Advisor.waitingSince(registered().joined(null).build()));
        }
    }

    @Nested
    class NoContradiction {
        @Test
        void aBlockedBrandIsNotAlsoACampaignThatRegistersOnItsOwn() {
            Facts facts = registered().status(RegistrationStatus.UNREGISTERED).campaign(CampaignStatus.IN_PROGRESS)
                    .brand(BrandStatus.FAILED);
            assertDiagnosis(only(facts, Rule.BRAND_BLOCKED), Severity.ACT, "30034", "failed registration");
        }

        @Test
        void aFailedRegistrationIsNotLeftToWaitForTheCampaign() {
            Facts facts = registered().status(RegistrationStatus.FAILURE).campaign(CampaignStatus.IN_PROGRESS);
            assertDiagnosis(only(facts, Rule.FAILURE), Severity.ACT, "30126", "Contact support");
        }

        @Test
        void aNumberOfAnOverfullPoolIsNotToldItsRegistrationIsOnTrack() {
            Facts facts = registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(2)).serviceNumbers(461);
            assertEquals(List.of(Rule.SERVICE_POOL_OVER_LIMIT), rules(facts));
        }

        @Test
        void noNumberIsToldBothToActAndThatWaitingWillDo() {
            int cases = 0;
            for (RegistrationStatus status : RegistrationStatus.values()) {
                for (CampaignStatus campaign : CampaignStatus.values()) {
                    for (BrandStatus brand : BrandStatus.values()) {
                        for (int pool : new int[] { 1, 3, 400, 461 }) {
                            for (Facts facts : List.of(registered(), registered().soleProprietor(), registered().noCampaign())) {
                                List<Diagnosis> found = diagnose(facts.status(status).campaign(campaign).brand(brand)
                                        .serviceNumbers(pool).joined(daysAgo(3)));
                                cases++;
                                if (found.stream().anyMatch(Diagnosis::needsAction)) {
                                    assertTrue(found.stream().noneMatch(d -> Advisor.WAITING_HELPS.contains(d.rule())),
                                            () -> "contradictory advice: " + found);
                                }
                            }
                        }
                    }
                }
            }
            assertTrue(cases > 1000);
        }
    }

    @Nested
    class Overdue {
        @Test
        void exactlyFourteenDaysIsOverdue() {
            Diagnosis d = only(registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(daysAgo(14)),
                    Rule.OVERDUE);
            assertDiagnosis(d, Severity.ACT, "30035", "14 days ago (on 2025-06-01)", "Escalate to support",
                    "+14155550100", Facts.PN, Facts.AC, Facts.MG, Facts.CM + " (" + Facts.QE + ")", Facts.BN,
                    "joined the service (2025-06-01)");
        }

        @Test
        void fifteenDaysIsOverdue() {
            Diagnosis d = only(registered().status(RegistrationStatus.UNREGISTERED).joined(daysAgo(15)), Rule.OVERDUE);
            assertDiagnosis(d, Severity.ACT, "30034", "15 days ago");
        }

        @Test
        void registeredNumbersAreNeverOverdue() {
            assertEquals(List.of(), rules(registered().joined(daysAgo(400))));
        }
    }

    @Nested
    class SoleProprietor {
        @Test
        void extraNumbersNameTheRegisteredOneAndTheRemedy() {
            Facts extra = registered().soleProprietor().status(RegistrationStatus.UNREGISTERED).serviceNumbers(3)
                    .registeredInService("+14155550199");
            Diagnosis d = only(extra, Rule.SOLE_PROPRIETOR_EXTRA_NUMBER);
            assertDiagnosis(d, Severity.ACT, "30125", "holds 3 numbers", "+14155550199 is the registered one",
                    "remove every number from service " + Facts.MG, "add back only this one", "Standard brand");
        }

        @Test
        void extraNumbersBeforeAnyIsRegistered() {
            Facts extra = registered().soleProprietor().status(RegistrationStatus.UNREGISTERED).serviceNumbers(2);
            assertDiagnosis(only(extra, Rule.SOLE_PROPRIETOR_EXTRA_NUMBER), Severity.ACT, "30125",
                    "none of them is registered yet");
        }

        @Test
        void theRegisteredNumberIsFineAndSaysWhyTheOthersAreNot() {
            Facts chosen = registered().soleProprietor().serviceNumbers(4);
            assertDiagnosis(only(chosen, Rule.SOLE_PROPRIETOR_REGISTERED_NUMBER), Severity.FINE, "30125",
                    "the other 3 numbers");
        }

        @Test
        void aLoneUnregisteredNumberIsWaitingNotExtra() {
            Facts alone = registered().soleProprietor().status(RegistrationStatus.UNREGISTERED).serviceNumbers(1)
                    .joined(daysAgo(1));
            assertEquals(List.of(Rule.WAITING), rules(alone));
        }
    }

    @Nested
    class NoCampaign {
        @Test
        void unregisteredInNoService() {
            Diagnosis d = only(registered().status(RegistrationStatus.UNREGISTERED).noService(), Rule.NO_CAMPAIGN);
            assertDiagnosis(d, Severity.ACT, "30034", "in no messaging service", "blank Campaign SID",
                    "Add the number to a messaging service whose campaign is verified");
        }

        @Test
        void unregisteredInAServiceWithoutCampaign() {
            Diagnosis d = only(registered().status(RegistrationStatus.UNREGISTERED).noCampaign(), Rule.NO_CAMPAIGN);
            assertDiagnosis(d, Severity.ACT, "30034", "Its messaging service " + Facts.MG + " is linked to no campaign",
                    "Link service " + Facts.MG);
        }

        @Test
        void otherStatusesWithoutCampaignAreNotThisRule() {
            assertEquals(List.of(Rule.MOVING_BETWEEN_CAMPAIGNS),
                    rules(registered().status(RegistrationStatus.PENDING_DEREGISTRATION).noService()));
            assertEquals(List.of(), rules(registered().noService()));
        }
    }

    @Nested
    class CampaignNotVerified {
        @Test
        void explainsTheBlankServiceSid() {
            Facts facts = registered().status(RegistrationStatus.UNREGISTERED).campaign(CampaignStatus.IN_PROGRESS);
            assertDiagnosis(only(facts, Rule.CAMPAIGN_NOT_VERIFIED), Severity.WAIT, "30034",
                    "Campaign " + Facts.CM + " is still being vetted", "leaves this number's Messaging Service SID blank");
        }

        @Test
        void namesABrandStillUnderReview() {
            Facts facts = registered().status(RegistrationStatus.UNREGISTERED).campaign(CampaignStatus.IN_PROGRESS)
                    .brand(BrandStatus.IN_REVIEW);
            assertDiagnosis(only(facts, Rule.CAMPAIGN_NOT_VERIFIED), Severity.WAIT, "30034",
                    "its brand " + Facts.BN + " is IN_REVIEW");
        }
    }

    @Nested
    class Moving {
        @Test
        void pendingDeregistrationShowsTheSequence() {
            Facts facts = registered().status(RegistrationStatus.PENDING_DEREGISTRATION).statusChanged(daysAgo(3));
            assertDiagnosis(only(facts, Rule.MOVING_BETWEEN_CAMPAIGNS), Severity.WAIT, "30035", "for 3 days",
                    "REGISTERED, then PENDING_DEREGISTRATION, then UNREGISTERED, then REGISTERED", "leave it alone");
        }
    }

    @Nested
    class Failure {
        @Test
        void contactSupportWithTheDetails() {
            Diagnosis d = only(registered().status(RegistrationStatus.FAILURE), Rule.FAILURE);
            assertDiagnosis(d, Severity.ACT, "30126", "Contact support", "+14155550100", Facts.PN, Facts.MG, Facts.CM,
                    Facts.BN, "its status FAILURE");
        }

        @Test
        void theVendorsReasonAndErrorCodeFromALiveEventAreGiven() {
            Diagnosis d = only(registered().status(RegistrationStatus.FAILURE)
                    .failure("Number is not associated with the campaign's messaging service", 30909), Rule.FAILURE);
            assertDiagnosis(d, Severity.ACT, "30909",
                    "The vendor's reason: Number is not associated with the campaign's messaging service.",
                    "Correct what the reason names", "with the vendor's reason");
            assertFalse(d.explanation().contains("gave no reason"), d.explanation());
        }

        @Test
        void aReasonWithoutACodeKeepsTheDocumentedCode() {
            Diagnosis d = only(registered().status(RegistrationStatus.FAILURE).failure("Carrier rejected the number", null),
                    Rule.FAILURE);
            assertDiagnosis(d, Severity.ACT, "30126", "The vendor's reason: Carrier rejected the number.");
        }
    }

    @Nested
    class Blocked {
        @ParameterizedTest
        @EnumSource(value = BrandStatus.class, names = { "FAILED", "SUSPENDED", "DELETION_PENDING", "DELETION_FAILED" })
        void aBlockingBrandBlocksEvenRegisteredNumbers(BrandStatus status) {
            Diagnosis d = only(registered().brand(status), Rule.BRAND_BLOCKED);
            assertDiagnosis(d, Severity.ACT, null, Facts.BN, "blocks every campaign and number under it");
            assertEquals("30034", only(registered().status(RegistrationStatus.UNREGISTERED).brand(status)
                    .joined(daysAgo(1)), Rule.BRAND_BLOCKED).errorCode());
        }

        @ParameterizedTest
        @EnumSource(value = BrandStatus.class, names = { "APPROVED", "PENDING", "IN_REVIEW" })
        void otherBrandStatesDoNotBlock(BrandStatus status) {
            assertEquals(List.of(), rules(registered().brand(status)));
        }

        @Test
        void aFailedCampaignBlocksItsNumbers() {
            Facts facts = registered().status(RegistrationStatus.UNREGISTERED).campaign(CampaignStatus.FAILED)
                    .serviceNumbers(40);
            assertDiagnosis(only(facts, Rule.CAMPAIGN_BLOCKED), Severity.ACT, "30034", "failed vetting", "holds 40 numbers",
                    "rejection reason");
        }

        @Test
        void aSuspendedCampaignBlocksItsNumbers() {
            assertDiagnosis(only(registered().campaign(CampaignStatus.SUSPENDED), Rule.CAMPAIGN_BLOCKED), Severity.ACT, null,
                    "is suspended", "Contact support with campaign SID " + Facts.CM);
        }
    }

    @Nested
    class Limits {
        @Test
        void poolNearItsLimit() {
            assertDiagnosis(only(registered().serviceNumbers(360), Rule.SERVICE_POOL_LIMIT), Severity.FINE, "21714",
                    "holds 360 of at most 400 numbers: room for 40 more numbers");
            assertDiagnosis(only(registered().serviceNumbers(399), Rule.SERVICE_POOL_LIMIT), Severity.FINE, "21714",
                    "room for 1 more number.");
        }

        @Test
        void poolAtAndAboveItsLimit() {
            assertDiagnosis(only(registered().serviceNumbers(400), Rule.SERVICE_POOL_LIMIT), Severity.FINE, "21714",
                    "holds 400 numbers, at or above the default limit of 400", "another messaging service");
        }

        @Test
        void poolOverItsLimitIsAProblemToActOn() {
            assertDiagnosis(only(registered().serviceNumbers(461), Rule.SERVICE_POOL_OVER_LIMIT), Severity.ACT, "21714",
                    "holds 461 numbers, 61 over the limit of 400", "Move 61 numbers to another messaging service",
                    "ask support to confirm that service " + Facts.MG + " may hold 461");
            assertDiagnosis(only(registered().serviceNumbers(401), Rule.SERVICE_POOL_OVER_LIMIT), Severity.ACT, "21714",
                    "1 over the limit", "Move 1 number ");
            assertEquals("Messaging service over its 400-number limit", Rule.SERVICE_POOL_OVER_LIMIT.title);
        }

        @Test
        void brandNearAndAtItsCampaignLimit() {
            assertDiagnosis(only(registered().brandCampaigns(90), Rule.BRAND_CAMPAIGN_LIMIT), Severity.FINE, "30930",
                    "has 90 of at most 100 campaigns");
            assertDiagnosis(only(registered().brandCampaigns(100), Rule.BRAND_CAMPAIGN_LIMIT), Severity.FINE, "30930",
                    "at its limit of 100", "registering another fails with error 30930");
        }
    }

    @Test
    void diagnosesComeMostSevereFirst() {
        Facts facts = registered().status(RegistrationStatus.PENDING_DEREGISTRATION).campaign(CampaignStatus.SUSPENDED)
                .serviceNumbers(400);
        assertEquals(List.of(Rule.CAMPAIGN_BLOCKED, Rule.MOVING_BETWEEN_CAMPAIGNS, Rule.SERVICE_POOL_LIMIT), rules(facts));
        assertEquals(Rule.CAMPAIGN_BLOCKED, ADVISOR.mostSevere(facts.build()).orElseThrow().rule());
    }
}
