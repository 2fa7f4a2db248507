package io.a2pportal.troubleshooting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;

/**
 * The demo data's troubleshooting cases in small: tenant A (a parent with a Standard service, a
 * campaign in review and numbers in no service; a Sole Proprietor subaccount with extra numbers; a
 * subaccount moving numbers between campaigns; a subaccount whose brand failed) and tenant B.
 */
final class AdviceData {

    final Account a;
    final Account soleProprietor;
    final Account moving;
    final Account blocked;
    final Account b;
    final List<String> registered;
    final List<String> waiting;
    final List<String> overdue;
    final List<String> failed;
    final List<String> inReview;
    final List<String> noCampaign;
    final String soleRegistered;
    final List<String> soleExtras;
    final List<String> deregistering;
    final List<String> brandFailed;
    final List<String> bFailed;

    AdviceData(Fixtures fixtures, String domain) {
        Instant now = Instant.now();
        a = fixtures.parent("Advice Parent " + domain);
        soleProprietor = fixtures.sub(a, "Advice Sole Proprietor " + domain);
        moving = fixtures.sub(a, "Advice Moving " + domain);
        blocked = fixtures.sub(a, "Advice Blocked " + domain);
        b = fixtures.parent("Advice Other Tenant " + domain);
        fixtures.member(a, "owner-a@" + domain, Role.OWNER);
        fixtures.member(soleProprietor, "member-sole@" + domain, Role.MEMBER);
        fixtures.member(b, "owner-b@" + domain, Role.OWNER);

        MessagingService care = fixtures.service(a, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        registered = fixtures.numbers(a, care, RegistrationStatus.REGISTERED, 3, daysAgo(now, 60));
        waiting = fixtures.numbers(a, care, RegistrationStatus.PENDING_REGISTRATION, 2, daysAgo(now, 5));
        overdue = fixtures.numbers(a, care, RegistrationStatus.PENDING_REGISTRATION, 2, daysAgo(now, 19));
        failed = fixtures.numbers(a, care, RegistrationStatus.FAILURE, 1, daysAgo(now, 30));
        inReview = fixtures.numbers(a, fixtures.service(a, BrandType.STANDARD, false, CampaignStatus.IN_PROGRESS),
                RegistrationStatus.UNREGISTERED, 2, daysAgo(now, 3));
        noCampaign = fixtures.numbers(a, null, RegistrationStatus.UNREGISTERED, 2);

        MessagingService sole = fixtures.service(soleProprietor, BrandType.SOLE_PROPRIETOR, false, CampaignStatus.VERIFIED);
        soleRegistered = fixtures.numbers(soleProprietor, sole, RegistrationStatus.REGISTERED, 1, daysAgo(now, 40)).get(0);
        soleExtras = fixtures.numbers(soleProprietor, sole, RegistrationStatus.UNREGISTERED, 2, daysAgo(now, 40));

        deregistering = fixtures.numbers(moving, fixtures.service(moving, BrandType.STANDARD, true, CampaignStatus.VERIFIED),
                RegistrationStatus.PENDING_DEREGISTRATION, 2, daysAgo(now, 3));
        brandFailed = fixtures.numbers(blocked, fixtures.service(blocked, BrandType.STANDARD, false, CampaignStatus.IN_PROGRESS,
                BrandStatus.FAILED), RegistrationStatus.UNREGISTERED, 6, daysAgo(now, 10));

        bFailed = fixtures.numbers(b, fixtures.service(b, BrandType.STANDARD, false, CampaignStatus.VERIFIED),
                RegistrationStatus.FAILURE, 2, daysAgo(now, 30));
    }

    /** A's numbers with a diagnosis to act on, in phone-number order (the order they were made in). */
    List<String> aNeedingAttention() {
        List<String> all = new ArrayList<>(overdue);
        all.addAll(failed);
        all.addAll(noCampaign);
        all.addAll(soleExtras);
        all.addAll(brandFailed);
        return all;
    }

    private static Instant daysAgo(Instant now, int days) {
        return now.minus(Duration.ofDays(days));
    }
}
