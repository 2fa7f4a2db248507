package io.a2pportal.notifications.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The next run falls at the schedule's local time, across New York's daylight-saving changes of 2027. */
class RecurrenceTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Recurrence daily(String time) {
        return new Recurrence(Frequency.DAILY, null, null, LocalTime.parse(time), NEW_YORK);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void dailyRunsAtItsLocalTimeOnBothSidesOfTheSpringForward() {
        Recurrence r = daily("09:00");
        // 09:00 EST is 14:00 UTC; after the change on 14 March 2027, 09:00 EDT is 13:00 UTC
        assertEquals(at("2027-03-13T14:00:00Z"), r.nextAfter(at("2027-03-13T12:00:00Z")));
        assertEquals(at("2027-03-14T13:00:00Z"), r.nextAfter(at("2027-03-13T14:00:00Z")));
        assertEquals(at("2027-03-15T13:00:00Z"), r.nextAfter(at("2027-03-14T13:00:00Z")));
    }

    @Test
    void aTimeTheSpringForwardSkipsRunsAnHourLaterThatDayAndAtItsTimeAgainTheNext() {
        Recurrence r = daily("02:30");
        // 02:30 on 13 March is EST (07:30 UTC); on 14 March the clocks jump from 02:00 to 03:00
        assertEquals(at("2027-03-13T07:30:00Z"), r.nextAfter(at("2027-03-13T05:00:00Z")));
        Instant gapDay = r.nextAfter(at("2027-03-13T07:30:00Z"));
        assertEquals(at("2027-03-14T07:30:00Z"), gapDay);
        assertEquals("2027-03-14T03:30-04:00[America/New_York]", gapDay.atZone(NEW_YORK).toString());
        assertEquals(at("2027-03-15T06:30:00Z"), r.nextAfter(gapDay));
        assertEquals("2027-03-15T02:30-04:00[America/New_York]", r.nextAfter(gapDay).atZone(NEW_YORK).toString());
    }

    @Test
    void aTimeTheFallBackRepeatsRunsOnceAtTheEarlierOffset() {
        Recurrence r = daily("01:30");
        // on 7 November 2027 01:30 happens twice: 05:30 UTC (EDT) and 06:30 UTC (EST)
        Instant overlapDay = r.nextAfter(at("2027-11-06T06:00:00Z"));
        assertEquals(at("2027-11-07T05:30:00Z"), overlapDay);
        assertEquals(at("2027-11-08T06:30:00Z"), r.nextAfter(overlapDay));
        // a run done late, during the repeated hour, does not run the repeated 01:30 again
        assertEquals(at("2027-11-08T06:30:00Z"), r.nextAfter(at("2027-11-07T06:10:00Z")));
        assertEquals(at("2027-11-08T06:30:00Z"), r.nextAfter(at("2027-11-07T06:30:00Z")));
    }

    @Test
    void monthlyOnThe31stRunsOnEachMonthsLastDay() {
        Recurrence r = new Recurrence(Frequency.MONTHLY, null, 31, LocalTime.parse("06:00"), NEW_YORK);
        Instant january = r.nextAfter(at("2027-01-15T00:00:00Z"));
        assertEquals(at("2027-01-31T11:00:00Z"), january);
        Instant february = r.nextAfter(january);
        assertEquals(at("2027-02-28T11:00:00Z"), february);
        Instant march = r.nextAfter(february);
        // 31 March is after the spring-forward: 06:00 EDT
        assertEquals(at("2027-03-31T10:00:00Z"), march);
        assertEquals(at("2027-04-30T10:00:00Z"), r.nextAfter(march));
        // 2028 is a leap year
        assertEquals(at("2028-02-29T11:00:00Z"), r.nextAfter(at("2028-02-01T00:00:00Z")));
    }

    @Test
    void monthlyOnADayStillToComeThisMonthRunsThisMonth() {
        Recurrence r = new Recurrence(Frequency.MONTHLY, null, 10, LocalTime.parse("08:15"), NEW_YORK);
        assertEquals(at("2027-11-10T13:15:00Z"), r.nextAfter(at("2027-11-01T00:00:00Z")));
        assertEquals(at("2027-12-10T13:15:00Z"), r.nextAfter(at("2027-11-10T13:15:00Z")));
    }

    @Test
    void weeklyRunsOnItsDayAcrossTheFallBack() {
        // 7 November 2027 is a Sunday; the Monday runs before and after it differ by a week and an hour
        Recurrence r = new Recurrence(Frequency.WEEKLY, DayOfWeek.MONDAY, null, LocalTime.parse("09:00"), NEW_YORK);
        Instant before = r.nextAfter(at("2027-10-31T00:00:00Z"));
        assertEquals(at("2027-11-01T13:00:00Z"), before);
        assertEquals(at("2027-11-08T14:00:00Z"), r.nextAfter(before));
        // asked on the Monday itself, before its time, it runs that day
        assertEquals(at("2027-11-08T14:00:00Z"), r.nextAfter(at("2027-11-08T05:00:00Z")));
    }
}
