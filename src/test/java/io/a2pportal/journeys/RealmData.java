package io.a2pportal.journeys;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The demo tenants for the users of deploy/keycloak/a2p-portal-realm.json: a parent account with
 * one subaccount, and another parent account. Made once per application start; the realm's emails
 * get no other memberships.
 */
@ApplicationScoped
public class RealmData {

    public static final String OWNER = "parent-owner@example.com";
    public static final String SUB_MEMBER = "subaccount-member@example.com";
    public static final String OTHER_OWNER = "other-parent-owner@example.com";
    public static final String NO_MEMBERSHIP = "no-membership@example.com";
    public static final String ADMIN = "platform-admin@example.com";

    public record Tree(Account parent, Account sub, Account other, String parentNumber, String subNumber, String otherNumber) {
        public String parentName() {
            return parent.name;
        }
    }

    @Inject
    Fixtures fixtures;

    private Tree tree;

    public synchronized Tree tree() {
        if (tree == null) {
            for (String email : new String[] { OWNER, SUB_MEMBER, OTHER_OWNER, NO_MEMBERSHIP, ADMIN }) {
                fixtures.removeMemberships(email);
            }
            Account parent = fixtures.parent("Keycloak Journey Parent");
            Account sub = fixtures.sub(parent, "Keycloak Journey Subaccount");
            Account other = fixtures.parent("Keycloak Journey Other Parent");
            fixtures.member(parent, OWNER, Role.OWNER);
            fixtures.member(sub, SUB_MEMBER, Role.MEMBER);
            fixtures.member(other, OTHER_OWNER, Role.OWNER);
            tree = new Tree(parent, sub, other,
                    fixtures.numbers(parent, null, RegistrationStatus.REGISTERED, 1).get(0),
                    fixtures.numbers(sub, null, RegistrationStatus.PENDING_REGISTRATION, 1).get(0),
                    fixtures.numbers(other, null, RegistrationStatus.REGISTERED, 1).get(0));
        }
        return tree;
    }
}
