package io.a2pportal.accounts;

public enum Role {
    OWNER("Owner"), MEMBER("Member");

    public final String label;

    Role(String label) {
        this.label = label;
    }
}
