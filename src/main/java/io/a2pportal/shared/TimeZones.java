package io.a2pportal.shared;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The time zones users choose from: UTC and the IANA zones, by name. An offset such as +05:00 is
 * no choice: a local time there would not follow its region's daylight-saving changes.
 */
public final class TimeZones {

    public static final String UTC = "UTC";

    /** UTC, then the region zones (Area/City) sorted: the list a form offers. */
    public static final List<String> CHOICES = Stream.concat(Stream.of(UTC), ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+")).sorted())
            .toList();

    private TimeZones() {
    }

    /** The zone of that IANA name (older names such as US/Eastern too), if there is one. */
    public static Optional<ZoneId> named(String value) {
        String name = value == null ? "" : value.strip();
        return UTC.equals(name) || ZoneId.getAvailableZoneIds().contains(name) ? Optional.of(ZoneId.of(name)) : Optional.empty();
    }
}
