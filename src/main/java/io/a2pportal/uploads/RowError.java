package io.a2pportal.uploads;

/** One problem in one row of an upload, in words a user can act on. */
public record RowError(long row, String column, String reason) {
}
