package io.a2pportal.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values as native queries return them, in the types the portal uses. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A timestamp column, whichever Java type the driver or Hibernate chose for it. */
    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalStateException("Not a time: " + value.getClass());
        };
    }
}
