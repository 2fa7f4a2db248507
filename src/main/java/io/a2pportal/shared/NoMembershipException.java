package io.a2pportal.shared;

/** The user logged in but belongs to no account yet. */
public class NoMembershipException extends RuntimeException {

    public NoMembershipException() {
        super("no membership", null, false, false);
    }
}
