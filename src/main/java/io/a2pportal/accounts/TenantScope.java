package io.a2pportal.accounts;

/**
 * What the current user may see: a whole account tree (accountId null) or a single subaccount.
 * Every query of tenant data takes one.
 */
public record TenantScope(Account account, Role role, long rootId, Long accountId) {

    public static TenantScope of(Membership membership) {
        Account account = membership.account;
        return new TenantScope(account, membership.role, account.rootId, account.isTopLevel() ? null : account.id);
    }

    public boolean covers(Account other) {
        return other.rootId == rootId && (accountId == null || accountId.equals(other.id));
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }

    public boolean isWholeTree() {
        return accountId == null;
    }
}
