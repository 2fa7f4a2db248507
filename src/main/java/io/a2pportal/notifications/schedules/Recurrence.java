package io.a2pportal.notifications.schedules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * When a schedule runs: a local time in an IANA zone, every day, on one day of the week, or on one
 * day of the month ({@code dayOfMonth} beyond a month's length means its last day).
 */
public record Recurrence(Frequency frequency, DayOfWeek dayOfWeek, Integer dayOfMonth, LocalTime time, ZoneId zone) {

    /**
     * The first run strictly after {@code now}. The local time is read in the zone as
     * {@link ZonedDateTime#of} reads it: a time the spring-forward gap skips runs as much later as the
     * gap is long (02:30 becomes 03:30), and a time the fall-back overlap repeats runs once, at the
     * earlier offset, since the next run is looked for on the following day.
     */
    public Instant nextAfter(Instant now) {
        LocalDate day = first(LocalDate.ofInstant(now, zone));
        while (true) {
            Instant run = ZonedDateTime.of(day, time, zone).toInstant();
            if (run.isAfter(now)) {
                return run;
            }
            day = following(day);
        }
    }

    /** The first day on or after {@code today} the schedule runs on, or the month's day that may be just past. */
    private LocalDate first(LocalDate today) {
        return switch (frequency) {
            case DAILY -> today;
            case WEEKLY -> today.with(TemporalAdjusters.nextOrSame(dayOfWeek));
            case MONTHLY -> dayIn(YearMonth.from(today));
        };
    }

    private LocalDate following(LocalDate day) {
        return switch (frequency) {
            case DAILY -> day.plusDays(1);
            case WEEKLY -> day.plusWeeks(1);
            case MONTHLY -> dayIn(YearMonth.from(day).plusMonths(1));
        };
    }

    private LocalDate dayIn(YearMonth month) {
        return month.atDay(Math.min(dayOfMonth, month.lengthOfMonth()));
    }
}
