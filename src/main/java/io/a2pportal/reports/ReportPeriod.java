package io.a2pportal.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.TimeZones;

/**
 * A what-changed report's period {@code [from, to)}, as instants, with the time zone it was entered
 * in. The page takes local date-times in a zone; the API takes instants with an offset. A local time
 * that a daylight-saving change skips counts as the first valid time after the gap, and one it
 * repeats as the earlier of its two instants, as {@link java.time.ZonedDateTime#of} resolves them.
 */
public record ReportPeriod(Instant from, Instant to, String zone) {

    /** The longest period a report covers. */
    public static final int MAX_DAYS = 366;

    public static final String UTC = "UTC";

    public ReportPeriod {
        if (!to.isAfter(from)) {
            throw new InvalidInputException("The end of the period (To) must be after its start (From).");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new InvalidInputException("The period is longer than " + MAX_DAYS
                    + " days; request several reports of shorter periods.");
        }
    }

    /** From the page: local date-times (such as 2026-12-01T00:00, or a date alone for its midnight) in an IANA zone. */
    public static ReportPeriod local(String from, String to, String zone) {
        ZoneId zoneId = zone(zone);
        return new ReportPeriod(local("From", from).atZone(zoneId).toInstant(), local("To", to).atZone(zoneId).toInstant(),
                zoneId.getId());
    }

    /** From the API: instants with an offset, such as 2026-12-01T05:00:00Z or 2026-12-01T00:00:00-05:00. */
    public static ReportPeriod instants(String from, String to) {
        return new ReportPeriod(instant("from", from), instant("to", to), UTC);
    }

    /** The zone by its IANA name, blank meaning UTC. */
    public static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneId.of(UTC);
        }
        return TimeZones.named(zone).orElseThrow(() -> new InvalidInputException("\"" + zone.strip()
                + "\" is not a time zone. Choose one from the list, such as UTC or America/New_York."));
    }

    private static LocalDateTime local(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " is missing: enter a date and time such as 2026-12-01T00:00.");
        }
        String text = value.strip();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field + " \"" + text + "\" is not a date and time such as 2026-12-01T00:00.");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("A what-changed report needs \"" + field
                    + "\": an instant such as 2026-12-01T05:00:00Z.");
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("\"" + field + "\" (" + value.strip()
                    + ") is not an instant with an offset such as 2026-12-01T05:00:00Z.");
        }
    }
}
