package io.a2pportal.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.Brand;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.Campaign;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.PhoneNumber;
import io.a2pportal.numbers.RegistrationStatus;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Builds test data through the entities. Every account gets a fresh SID and every account tree its
 * own block of phone numbers, so test classes sharing one database never see each other's data.
 */
@ApplicationScoped
public class Fixtures {

    @Inject
    DataSource dataSource;

    /** The first column of each row a query gives, as text, outside any transaction of the caller's. */
    public List<String> rows(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private final ConcurrentHashMap<Long, AtomicInteger> numberSequence = new ConcurrentHashMap<>();

    public static String sid(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    @Transactional
    public Account parent(String name) {
        Account account = new Account();
        account.sid = sid("AC");
        account.name = name;
        account.notificationEmail = "notify@" + account.sid.substring(2, 10) + ".test";
        account.persistAndFlush();
        return account;
    }

    /** The account with this SID, created (under the parent, when given) if it does not exist yet. */
    @Transactional
    public Account accountWithSid(String sid, String name, Account parent) {
        return Account.findBySid(sid).orElseGet(() -> {
            Account account = new Account();
            account.sid = sid;
            account.name = name;
            account.parent = parent == null ? null : Account.findById(parent.id);
            account.persistAndFlush();
            return account;
        });
    }

    /** Every number of a tree with everything an upload may change, one line each, in number order. */
    @Transactional
    public String inventorySnapshot(Account root) {
        Object result = PhoneNumber.getEntityManager().createNativeQuery("select coalesce(string_agg(e164 || ' ' || account_id || ' '"
                + " || status || ' ' || coalesce(reported_campaign_sid, '-') || ' ' || coalesce(reported_service_sid, '-') || ' '"
                + " || coalesce(cast(messaging_service_id as text), '-') || ' ' || status_changed_at, E'\\n' order by e164), '')"
                + " from phone_number where root_account_id = ?1").setParameter(1, root.id).getSingleResult();
        return (String) result;
    }

    @Transactional
    public long historyCount(Account root) {
        return ((Number) PhoneNumber.getEntityManager()
                .createNativeQuery("select count(*) from number_status_history where root_account_id = ?1")
                .setParameter(1, root.id).getSingleResult()).longValue();
    }

    @Transactional
    public Account sub(Account parent, String name) {
        Account account = new Account();
        account.sid = sid("AC");
        account.name = name;
        account.parent = Account.findById(parent.id);
        account.persistAndFlush();
        return account;
    }

    @Transactional
    public void rename(Account account, String name) {
        Account stored = Account.findById(account.id);
        stored.name = name;
    }

    @Transactional
    public Membership member(Account account, String email, Role role) {
        Membership membership = new Membership();
        membership.account = Account.findById(account.id);
        membership.email = email;
        membership.role = role;
        membership.createdBy = "fixtures";
        membership.persist();
        return membership;
    }

    /** A new parent account with this user as its only owner: the user's other memberships are removed. */
    @Transactional
    public Account ownedTree(String name, String ownerEmail) {
        Account parent = parent(name);
        removeMemberships(ownerEmail);
        member(parent, ownerEmail, Role.OWNER);
        return parent;
    }

    /** A messaging service of the account, tied to a new campaign of a new brand. */
    @Transactional
    public MessagingService service(Account account, BrandType type, boolean lowVolume, CampaignStatus campaignStatus) {
        return service(account, type, lowVolume, campaignStatus, BrandStatus.APPROVED);
    }

    /** A messaging service of the account, tied to a new campaign of a new brand in the given state. */
    @Transactional
    public MessagingService service(Account account, BrandType type, boolean lowVolume, CampaignStatus campaignStatus,
            BrandStatus brandStatus) {
        Account owner = Account.findById(account.id);
        Brand brand = new Brand();
        brand.sid = sid("BN");
        brand.account = owner;
        brand.name = owner.name + " brand";
        brand.brandType = type;
        brand.lowVolume = lowVolume;
        brand.status = brandStatus;
        brand.persist();
        Campaign campaign = new Campaign();
        campaign.sid = sid("QE");
        campaign.consoleSid = sid("CM");
        campaign.account = owner;
        campaign.brand = brand;
        campaign.useCase = type == BrandType.SOLE_PROPRIETOR ? "SOLE_PROPRIETOR" : "MIXED";
        campaign.status = campaignStatus;
        campaign.persist();
        MessagingService service = new MessagingService();
        service.sid = sid("MG");
        service.account = owner;
        service.campaign = campaign;
        service.name = owner.name + " service";
        service.persist();
        return service;
    }

    /** A messaging service of the account that is linked to no campaign. */
    @Transactional
    public MessagingService serviceWithoutCampaign(Account account) {
        MessagingService service = new MessagingService();
        service.sid = sid("MG");
        service.account = Account.findById(account.id);
        service.name = service.account.name + " service without campaign";
        service.persist();
        return service;
    }

    /** Adds numbers to the account, in increasing phone-number order within its tree; returns their E.164 forms. */
    @Transactional
    public List<String> numbers(Account account, MessagingService service, RegistrationStatus status, int count) {
        return numbers(account, service, status, count, service == null ? null : Instant.now());
    }

    /** Adds numbers that joined the service at the given time (null: not known), in their status since then. */
    @Transactional
    public List<String> numbers(Account account, MessagingService service, RegistrationStatus status, int count,
            Instant joinedServiceAt) {
        Account owner = Account.findById(account.id);
        AtomicInteger sequence = numberSequence.computeIfAbsent(owner.rootId, k -> new AtomicInteger());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PhoneNumber number = new PhoneNumber();
            number.e164 = "+1" + String.format("%04d%06d", 1000 + owner.rootId % 9000, sequence.getAndIncrement());
            number.sid = sid("PN");
            number.account = owner;
            number.messagingService = service == null ? null : MessagingService.findById(service.id);
            number.status = status;
            number.joinedServiceAt = service == null ? null : joinedServiceAt;
            number.statusChangedAt = number.joinedServiceAt == null ? Instant.now() : number.joinedServiceAt;
            number.persist();
            created.add(number.e164);
        }
        return created;
    }

    @Transactional
    public String numberSid(String e164) {
        return PhoneNumber.<PhoneNumber> find("e164", e164).firstResult().sid;
    }

    /** The messaging service of a number, with its campaign loaded. */
    @Transactional
    public MessagingService serviceOf(String e164) {
        PhoneNumber number = PhoneNumber.find("e164", e164).firstResult();
        return MessagingService.<MessagingService> find("select s from MessagingService s join fetch s.campaign where s.id = ?1",
                number.messagingService.id).firstResult();
    }

    @Transactional
    public Membership membershipOf(String email) {
        return Membership.find("email", email).firstResult();
    }

    /** A settled upload record of the whole tree, as if its owner had uploaded a file. */
    @Transactional
    public long uploadFor(Account root, String fileName) {
        return uploadFor(root, fileName, io.a2pportal.uploads.Upload.NO_DIGEST);
    }

    /** The same, of a file with this SHA-256. */
    @Transactional
    public long uploadFor(Account root, String fileName, String sha256) {
        io.a2pportal.uploads.Upload upload = new io.a2pportal.uploads.Upload();
        upload.rootAccountId = root.id;
        upload.kind = io.a2pportal.uploads.UploadKind.STATUS_REPORT;
        upload.fileName = fileName;
        upload.sha256 = sha256;
        upload.uploadedBy = "fixtures";
        upload.state = io.a2pportal.uploads.UploadState.APPLIED;
        upload.finishedAt = java.time.Instant.now();
        upload.persist();
        return upload.id;
    }

    @Transactional
    public void removeMemberships(String email) {
        Membership.delete("email", email);
    }

    @Transactional
    public long membershipCount() {
        return Membership.count();
    }

    @Transactional
    public long accountCount() {
        return Account.count();
    }

    /**
     * A status change of the number in its status history, as recorded at {@code changedAt} from an
     * observation of {@code observedAt} by the source (UPLOAD, EVENT or API); {@code from} null for
     * the number's first status. The number's own status is left as it is.
     */
    @Transactional
    public void statusChange(String e164, RegistrationStatus from, RegistrationStatus to, Instant changedAt, Instant observedAt,
            String source) {
        PhoneNumber.getEntityManager().createNativeQuery("""
                insert into number_status_history (phone_number_id, root_account_id, old_status, new_status, changed_at,
                                                   observed_at, source, source_ref)
                select id, root_account_id, ?1, ?2, ?3, ?4, ?5, 'test' from phone_number where e164 = ?6
                """).setParameter(1, from == null ? null : from.name()).setParameter(2, to.name()).setParameter(3, changedAt)
                .setParameter(4, observedAt).setParameter(5, source).setParameter(6, e164).executeUpdate();
    }
}
