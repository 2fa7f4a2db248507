package io.a2pportal.accounts;

import java.util.Locale;
import java.util.Optional;

import io.a2pportal.shared.Formats;
import io.a2pportal.shared.InvalidInputException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/**
 * Creating accounts and managing who belongs to them. Every check runs before anything is written,
 * each change is one transaction, and each is written to the audit log.
 */
@ApplicationScoped
public class AccountAdministration {

    @Transactional
    public Account createParent(String actor, String sid, String name, String notificationEmail, String ownerEmail) {
        String checkedSid = Formats.requireSid("AC", trim(sid), "The account SID");
        String checkedName = requireName(name);
        String notify = Formats.requireEmail(notificationEmail);
        String owner = Formats.requireEmail(ownerEmail);
        requireNewSid(checkedSid);
        Account account = new Account();
        account.sid = checkedSid;
        account.name = checkedName;
        account.notificationEmail = notify;
        account.persistAndFlush();
        AuditEntry.record(actor, account, "account.created", "Created parent account " + checkedName + " (" + checkedSid + ")");
        addMembership(actor, account, owner, Role.OWNER);
        return account;
    }

    @Transactional
    public Account addSubaccount(TenantScope scope, String actor, String sid, String name) {
        if (!scope.isOwner() || !scope.isWholeTree()) {
            throw new ForbiddenException();
        }
        String checkedSid = Formats.requireSid("AC", trim(sid), "The subaccount SID");
        String checkedName = requireName(name);
        Optional<Account> existing = Account.findBySid(checkedSid);
        if (existing.isPresent() && scope.covers(existing.get())) {
            throw new InvalidInputException("An account with SID " + checkedSid + " already exists.");
        }
        if (existing.isPresent()) {
            // another tenant's account: say neither that it exists nor whose it is, and keep a trace of the attempt
            QuarkusTransaction.requiringNew().run(() -> AuditEntry.record(actor, Account.findById(scope.rootId()),
                    "subaccount.refused", "Refused to add subaccount " + checkedName + " (" + checkedSid + "): the SID cannot be added"));
            throw new InvalidInputException("The SID " + checkedSid + " cannot be added as a subaccount. Check that it is the SID"
                    + " of one of your subaccounts; if it is, contact support.");
        }
        Account parent = Account.findById(scope.rootId());
        Account sub = new Account();
        sub.sid = checkedSid;
        sub.name = checkedName;
        sub.parent = parent;
        sub.persistAndFlush();
        AuditEntry.record(actor, sub, "subaccount.created", "Added subaccount " + checkedName + " (" + checkedSid + ")");
        return sub;
    }

    @Transactional
    public Membership invite(TenantScope scope, String actor, String accountSid, String email, String role) {
        requireOwner(scope);
        String checkedEmail = Formats.requireEmail(email);
        Role checkedRole = parseRole(role);
        Account account = Account.findInScope(scope, Formats.requireSid("AC", trim(accountSid), "The account SID"))
                .orElseThrow(NotFoundException::new);
        if (Membership.count("account = ?1 and email = ?2", account, checkedEmail) > 0) {
            throw new InvalidInputException(checkedEmail + " is already a member of " + account.name + ".");
        }
        return addMembership(actor, account, checkedEmail, checkedRole);
    }

    /** A membership an owner of the scope may remove; any other is not found. */
    public Membership removable(TenantScope scope, long membershipId) {
        requireOwner(scope);
        return Membership.<Membership> findByIdOptional(membershipId)
                .filter(m -> scope.covers(m.account))
                .orElseThrow(NotFoundException::new);
    }

    @Transactional
    public Membership remove(TenantScope scope, String actor, long membershipId) {
        Membership membership = removable(scope, membershipId);
        if (membership.role == Role.OWNER
                && Membership.count("account = ?1 and role = ?2", membership.account, Role.OWNER) == 1) {
            throw new InvalidInputException(membership.who() + " is the last owner of " + membership.account.name
                    + ". Invite another owner first.");
        }
        membership.delete();
        AuditEntry.record(actor, membership.account, "membership.removed",
                "Removed " + membership.who() + " (" + membership.role.label + ") from " + membership.account.name);
        return membership;
    }

    private static Membership addMembership(String actor, Account account, String email, Role role) {
        Membership membership = new Membership();
        membership.account = account;
        membership.email = email;
        membership.role = role;
        membership.createdBy = actor;
        membership.persist();
        AuditEntry.record(actor, account, "membership.added",
                "Added " + email + " as " + role.label + " of " + account.name);
        return membership;
    }

    private static void requireOwner(TenantScope scope) {
        if (!scope.isOwner()) {
            throw new ForbiddenException();
        }
    }

    private static void requireNewSid(String sid) {
        if (Account.findBySid(sid).isPresent()) {
            throw new InvalidInputException("An account with SID " + sid + " already exists.");
        }
    }

    private static String requireName(String name) {
        String trimmed = trim(name);
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw new InvalidInputException("Give the account a name of 1 to 200 characters.");
        }
        return trimmed;
    }

    private static Role parseRole(String role) {
        try {
            return Role.valueOf(trim(role).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Choose the role Owner or Member.");
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
