package io.a2pportal.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Membership;
import io.a2pportal.notifications.NotificationPreference;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.Brand;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.Campaign;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.CustomerProfile;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.PhoneNumber;
import io.a2pportal.numbers.ProfileStatus;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.numbers.UseCase;
import io.a2pportal.secrets.SecretBox;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Dev-mode demo data: a parent account with 20 subaccounts covering every brand type, campaigns in
 * several states, numbers in all five statuses and the cases the troubleshooting rules describe.
 * SIDs are derived from names, so the data is the same on every machine and is loaded once.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    public static final String OWNER_EMAIL = "parent-owner@example.com";
    public static final String SUBACCOUNT_MEMBER_EMAIL = "subaccount-member@example.com";

    private static final List<String> CUSTOMERS = List.of("Bayside Dental", "Summit Plumbing", "Lakeside Yoga",
            "Harbor Auto Repair", "Pinecrest Clinic", "Maple Street Bakery", "Riverside Realty", "Cedar Vet Care",
            "Sunrise Fitness", "Granite Law Group", "Bluebird Daycare", "Oak Hill Pharmacy", "Coastal HVAC",
            "Northgate Salon", "Evergreen Insurance", "Redwood Tutoring", "Silverline Movers", "Meadow Pet Grooming",
            "Ironwood Storage", "Willow Spa");
    private static final String[] AREA_CODES = { "415", "646", "312", "737", "206", "303", "617", "512" };

    @Inject
    SecretBox secrets;

    private int nextNumber;
    private final Instant now = Instant.now();

    @Transactional
    void load(@Observes StartupEvent event) {
        String parentSid = sid("AC", "demo-parent");
        Optional<Account> existing = Account.findBySid(parentSid);
        if (existing.isPresent()) {
            // a database loaded before the demo had a sink gets one too
            liveUpdates(existing.get());
            return;
        }
        Account parent = account(parentSid, "Acme Messaging (demo)", null);
        Membership owner = member(parent, OWNER_EMAIL, Role.OWNER);
        // the simulator's failures and the morning's digest show on the dev mails page
        NotificationPreference alerts = new NotificationPreference();
        alerts.membership = owner;
        alerts.email = OWNER_EMAIL;
        alerts.failureAlerts = true;
        alerts.agingAlerts = true;
        alerts.digest = NotificationPreference.Digest.DAILY;
        alerts.digestDueAt = alerts.periodEndAfter(now);
        alerts.persist();

        Brand parentBrand = brand(parent, "Acme Messaging", BrandType.STANDARD, false, BrandStatus.APPROVED);
        MessagingService care = service(parent, "Acme customer care",
                campaign(parent, parentBrand, "CUSTOMER_CARE", CampaignStatus.VERIFIED));
        numbers(parent, care, 420, RegistrationStatus.REGISTERED, 60);
        numbers(parent, care, 25, RegistrationStatus.PENDING_REGISTRATION, 5);
        numbers(parent, care, 12, RegistrationStatus.PENDING_REGISTRATION, 19);
        numbers(parent, care, 4, RegistrationStatus.FAILURE, 30);
        MessagingService marketing = service(parent, "Acme promotions",
                campaign(parent, parentBrand, "MARKETING", CampaignStatus.IN_PROGRESS));
        numbers(parent, marketing, 40, RegistrationStatus.UNREGISTERED, 3);
        numbers(parent, null, 30, RegistrationStatus.UNREGISTERED, 0);

        for (int i = 0; i < CUSTOMERS.size(); i++) {
            Account sub = account(sid("AC", "demo-sub-" + i), CUSTOMERS.get(i), parent);
            if (i == 0) {
                member(sub, SUBACCOUNT_MEMBER_EMAIL, Role.MEMBER);
            }
            switch (i % 4) {
                case 0 -> soleProprietor(sub, i);
                case 1 -> standardWaiting(sub, i);
                case 2 -> lowVolumeMoving(sub, i);
                default -> blocked(sub, i);
            }
        }
        liveUpdates(parent);
        LOG.infof("Demo data loaded: %d accounts, %d numbers. Log in as %s (owner) or %s (subaccount member).",
                Account.count(), PhoneNumber.count(), OWNER_EMAIL, SUBACCOUNT_MEMBER_EMAIL);
    }

    /**
     * The demo tree's Event Streams sink, and an auth token for each of its accounts, so that the
     * simulator on the Live updates page works at once. The tokens are derived from the SIDs: dev
     * data, never a real account's. The sink's Basic password is random and never shown: an owner
     * who wants to try Basic authentication generates new credentials on the page.
     */
    private void liveUpdates(Account parent) {
        EntityManager em = Account.getEntityManager();
        if (!em.createNativeQuery("select 1 from event_sink where root_account_id = ?1").setParameter(1, parent.id)
                .getResultList().isEmpty()) {
            return;
        }
        em.createNativeQuery("insert into event_sink (id, root_account_id, basic_user, basic_password_hash, created_by) "
                + "values (?1, ?2, 'portal-demo', ?3, 'demo data')").setParameter(1, sid("", "demo-sink").substring(0, 24))
                .setParameter(2, parent.id).setParameter(3, SecretBox.hash(SecretBox.newSecret())).executeUpdate();
        for (Account account : Account.<Account> list("rootId", parent.id)) {
            String token = demoAuthToken(account.sid);
            em.createNativeQuery("insert into account_auth_token (account_id, key_id, sealed, hint, set_by) "
                    + "values (?1, ?2, ?3, ?4, 'demo data')").setParameter(1, account.id).setParameter(2, secrets.keyId())
                    .setParameter(3, secrets.seal(token)).setParameter(4, token.substring(28)).executeUpdate();
        }
    }

    /** The dev-only auth token of a demo account: 32 hex characters derived from its SID. */
    public static String demoAuthToken(String accountSid) {
        return sid("", "demo-auth-token-" + accountSid);
    }

    /** A Sole Proprietor service with several numbers: one registered, the others left unregistered (30125). */
    private void soleProprietor(Account sub, int i) {
        Brand brand = brand(sub, sub.name, BrandType.SOLE_PROPRIETOR, false, BrandStatus.APPROVED);
        MessagingService service = service(sub, sub.name + " texts",
                campaign(sub, brand, UseCase.SOLE_PROPRIETOR, CampaignStatus.VERIFIED));
        numbers(sub, service, 1, RegistrationStatus.REGISTERED, 40);
        numbers(sub, service, 2 + i % 3, RegistrationStatus.UNREGISTERED, 40);
        numbers(sub, null, 2, RegistrationStatus.UNREGISTERED, 0);
    }

    /** A registered Standard campaign: settled numbers, numbers added days ago, and some overdue. */
    private void standardWaiting(Account sub, int i) {
        Brand brand = brand(sub, sub.name, BrandType.STANDARD, false, BrandStatus.APPROVED);
        MessagingService service = service(sub, sub.name + " notifications",
                campaign(sub, brand, "ACCOUNT_NOTIFICATION", CampaignStatus.VERIFIED));
        numbers(sub, service, 120 + i * 5, RegistrationStatus.REGISTERED, 90);
        numbers(sub, service, 20, RegistrationStatus.PENDING_REGISTRATION, 4);
        numbers(sub, service, 6, RegistrationStatus.UNREGISTERED, 2);
        numbers(sub, service, 5, RegistrationStatus.PENDING_REGISTRATION, 18);
    }

    /** A low-volume Standard brand with numbers moving between campaigns and a few failures. */
    private void lowVolumeMoving(Account sub, int i) {
        Brand brand = brand(sub, sub.name, BrandType.STANDARD, true, BrandStatus.APPROVED);
        MessagingService service = service(sub, sub.name + " reminders",
                campaign(sub, brand, "LOW_VOLUME", CampaignStatus.VERIFIED));
        numbers(sub, service, 80 + i, RegistrationStatus.REGISTERED, 120);
        numbers(sub, service, 8, RegistrationStatus.PENDING_DEREGISTRATION, 3);
        numbers(sub, service, 3, RegistrationStatus.FAILURE, 25);
    }

    /** A brand or campaign that failed, so every number under it stays unregistered. */
    private void blocked(Account sub, int i) {
        boolean brandFailed = i % 8 == 3;
        Brand brand = brand(sub, sub.name, BrandType.STANDARD, false, brandFailed ? BrandStatus.FAILED : BrandStatus.APPROVED);
        MessagingService service = service(sub, sub.name + " alerts",
                campaign(sub, brand, "MIXED", brandFailed ? CampaignStatus.IN_PROGRESS : CampaignStatus.FAILED));
        numbers(sub, service, 40, RegistrationStatus.UNREGISTERED, 10);
        numbers(sub, null, 15, RegistrationStatus.UNREGISTERED, 0);
    }

    private Account account(String sid, String name, Account parent) {
        Account account = new Account();
        account.sid = sid;
        account.name = name;
        account.parent = parent;
        account.notificationEmail = parent == null ? OWNER_EMAIL : null;
        account.persistAndFlush();
        return account;
    }

    private static Membership member(Account account, String email, Role role) {
        Membership membership = new Membership();
        membership.account = account;
        membership.email = email;
        membership.role = role;
        membership.createdBy = "demo data";
        membership.persist();
        return membership;
    }

    private Brand brand(Account account, String name, BrandType type, boolean lowVolume, BrandStatus status) {
        CustomerProfile profile = new CustomerProfile();
        profile.sid = sid("BU", "profile-" + account.sid);
        profile.account = account;
        profile.name = name;
        profile.type = type == BrandType.SOLE_PROPRIETOR ? CustomerProfile.Type.STARTER : CustomerProfile.Type.STANDARD;
        profile.status = ProfileStatus.TWILIO_APPROVED;
        profile.persist();
        Brand brand = new Brand();
        brand.sid = sid("BN", "brand-" + account.sid);
        brand.account = account;
        brand.customerProfile = profile;
        brand.name = name;
        brand.brandType = type;
        brand.lowVolume = lowVolume;
        brand.status = status;
        brand.persist();
        return brand;
    }

    private Campaign campaign(Account account, Brand brand, String useCase, CampaignStatus status) {
        Campaign campaign = new Campaign();
        campaign.sid = sid("QE", "campaign-" + account.sid + useCase);
        campaign.consoleSid = sid("CM", "campaign-" + account.sid + useCase);
        campaign.account = account;
        campaign.brand = brand;
        campaign.useCase = useCase;
        campaign.status = status;
        campaign.persist();
        return campaign;
    }

    private MessagingService service(Account account, String name, Campaign campaign) {
        MessagingService service = new MessagingService();
        service.sid = sid("MG", "service-" + account.sid + name);
        service.account = account;
        service.campaign = campaign;
        service.name = name;
        service.persist();
        return service;
    }

    private void numbers(Account account, MessagingService service, int count, RegistrationStatus status, int daysInService) {
        for (int k = 0; k < count; k++) {
            int n = nextNumber++;
            PhoneNumber number = new PhoneNumber();
            number.e164 = "+1" + AREA_CODES[n % AREA_CODES.length] + String.format("%07d", 5550000 + n / AREA_CODES.length);
            number.sid = sid("PN", number.e164);
            number.account = account;
            number.messagingService = service;
            number.status = status;
            Instant joined = now.minus(Duration.ofDays(daysInService)).minus(Duration.ofMinutes(k));
            number.joinedServiceAt = service == null ? null : joined;
            number.statusChangedAt = service == null ? now.minus(Duration.ofDays(30)) : joined.plus(Duration.ofHours(1));
            number.persist();
        }
    }

    static String sid(String prefix, String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(seed.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
