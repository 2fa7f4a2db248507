package io.a2pportal.uploads;

/**
 * One problem in one row of an upload, in words a user can act on; with the phone number the row
 * gave, as written, where it gave one (null otherwise, and for inventory rows).
 */
public record RowError(long row, String column, String reason, String phoneNumber) {

    public RowError(long row, String column, String reason) {
        this(row, column, reason, null);
    }

    /** The same problem, of a row that gave this phone number. */
    RowError of(String phone) {
        return new RowError(row, column, reason, phone == null || phone.isEmpty() ? null : phone);
    }
}
