package io.a2pportal.reports;

/**
 * The link that takes one recipient off a scheduled report, for its mails. The feature that
 * schedules reports sits above reports and provides it; without it the mails carry none.
 */
public interface ScheduledReportLinks {

    String unsubscribeUrl(long scheduleId, String recipient);
}
