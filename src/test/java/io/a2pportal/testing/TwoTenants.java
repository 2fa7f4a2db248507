package io.a2pportal.testing;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

/**
 * Two parent accounts: A with subaccounts A1 and A2, and B with subaccount B1. The owner of A, a
 * member of A1 and the owner of B have emails under the given domain, so each test class has its own.
 * A test class injects them with {@code @Inject @TwoTenants.Of(DOMAIN) TwoTenants t;}.
 */
public final class TwoTenants {

    public final Account a;
    public final Account a1;
    public final Account a2;
    public final Account b;
    public final Account b1;
    public final List<String> aNumbers;
    public final List<String> a1Numbers;
    public final List<String> a2Numbers;
    public final List<String> bNumbers;
    public final List<String> b1Numbers;

    public TwoTenants(Fixtures fixtures, String domain) {
        a = fixtures.parent("Alpha Parent " + domain);
        a1 = fixtures.sub(a, "Alpha One " + domain);
        a2 = fixtures.sub(a, "Alpha Two " + domain);
        b = fixtures.parent("Beta Parent " + domain);
        b1 = fixtures.sub(b, "Beta One " + domain);
        fixtures.member(a, "owner-a@" + domain, Role.OWNER);
        fixtures.member(a1, "member-a1@" + domain, Role.MEMBER);
        fixtures.member(b, "owner-b@" + domain, Role.OWNER);
        MessagingService aService = fixtures.service(a, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        MessagingService a1Service = fixtures.service(a1, BrandType.STANDARD, true, CampaignStatus.VERIFIED);
        MessagingService a2Service = fixtures.service(a2, BrandType.SOLE_PROPRIETOR, false, CampaignStatus.VERIFIED);
        aNumbers = fixtures.numbers(a, aService, RegistrationStatus.REGISTERED, 5);
        a1Numbers = fixtures.numbers(a1, a1Service, RegistrationStatus.PENDING_REGISTRATION, 4);
        a2Numbers = fixtures.numbers(a2, a2Service, RegistrationStatus.FAILURE, 3);
        bNumbers = fixtures.numbers(b, null, RegistrationStatus.UNREGISTERED, 6);
        b1Numbers = fixtures.numbers(b1, null, RegistrationStatus.PENDING_DEREGISTRATION, 2);
    }

    /** The two tenants of the domain: made for the first test that asks, and shared by the others. */
    @Qualifier
    @Retention(RUNTIME)
    @Target({ FIELD, METHOD })
    public @interface Of {
        @Nonbinding
        String value();
    }

    /** Makes each domain's tenants once per application start: the tests of a class share one database and its data. */
    @ApplicationScoped
    static class Made {

        private final Map<String, TwoTenants> byDomain = new ConcurrentHashMap<>();

        @Produces
        @Of("")
        TwoTenants of(InjectionPoint injectionPoint, Fixtures fixtures) {
            String domain = injectionPoint.getQualifiers().stream().filter(Of.class::isInstance).map(Of.class::cast)
                    .findFirst().orElseThrow().value();
            return byDomain.computeIfAbsent(domain, d -> new TwoTenants(fixtures, d));
        }
    }
}
