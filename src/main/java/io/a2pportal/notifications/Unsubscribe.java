package io.a2pportal.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.notifications.schedules.ReportSchedule;
import io.a2pportal.notifications.schedules.ReportSchedules;
import io.a2pportal.reports.ScheduledReportLinks;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.web.PublicAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The unsubscribe links of the portal's mails, signed with the portal's key, so that a link works
 * without a login and no one can make one for another user or another kind of mail:
 * {@code /unsubscribe/<membership>.<kind>.<signature>} turns off one kind of notification for one
 * membership, {@code /unsubscribe/s<schedule>.<email>.<signature>} takes one recipient off a
 * scheduled report.
 */
@ApplicationScoped
public class Unsubscribe implements ScheduledReportLinks {

    static final String PATH = "/unsubscribe/";
    private static final String PURPOSE = "unsubscribe";
    private static final String SIGNATURE = "\\.([A-Za-z0-9_-]{43})";
    private static final Pattern NOTIFICATION = Pattern.compile("((\\d{1,18})\\.([a-z]{1,16}))" + SIGNATURE);
    private static final Pattern SCHEDULE = Pattern.compile("(s(\\d{1,18})\\.([A-Za-z0-9_-]{1,440}))" + SIGNATURE);

    /** The kinds of mail a link can turn off. */
    public enum Kind {
        FAILURES("failure alerts"), AGING("aging alerts"), DIGEST("digests"), SCHEDULE("scheduled report");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A link's meaning, once its signature is checked: a membership's kind of mail, or a schedule's recipient. */
    public record Link(Kind kind, long id, String email) {
    }

    /** Where a link's mail stands: whether it still comes, to whom, about what. */
    public record State(boolean exists, boolean on, String email, String about, String scope) {
    }

    @Inject
    SecretBox box;

    @Inject
    PublicAddress address;

    @Inject
    ReportSchedules schedules;

    public String url(NotificationPreference preference, Kind kind) {
        return signed(preference.membershipId + "." + kind.token());
    }

    @Override
    public String unsubscribeUrl(long scheduleId, String recipient) {
        return signed("s" + scheduleId + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(recipient.getBytes(StandardCharsets.UTF_8)));
    }

    private String signed(String message) {
        return address.url(PATH + message + "." + box.sign(PURPOSE, message));
    }

    /** The link's meaning, if the portal made it; empty for anything else. */
    public Optional<Link> read(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher m = SCHEDULE.matcher(token);
        if (m.matches() && box.verify(PURPOSE, m.group(1), m.group(4))) {
            return Optional.of(new Link(Kind.SCHEDULE, Long.parseLong(m.group(2)),
                    new String(Base64.getUrlDecoder().decode(m.group(3)), StandardCharsets.UTF_8)));
        }
        m = NOTIFICATION.matcher(token);
        if (m.matches() && box.verify(PURPOSE, m.group(1), m.group(4))) {
            for (Kind kind : Kind.values()) {
                if (kind != Kind.SCHEDULE && kind.token().equals(m.group(3))) {
                    return Optional.of(new Link(kind, Long.parseLong(m.group(2)), null));
                }
            }
        }
        return Optional.empty();
    }

    @Transactional
    public State state(Link link) {
        if (link.kind() == Kind.SCHEDULE) {
            ReportSchedule schedule = ReportSchedule.findById(link.id());
            return schedule == null ? new State(false, false, null, null, null)
                    : new State(true, schedule.recipientList().contains(link.email()), link.email(),
                            "scheduled report " + schedule.id + " (" + schedule.whenLabel() + ")", schedule.scopeLabel());
        }
        NotificationPreference preference = NotificationPreference.findById(link.id());
        if (preference == null) {
            return new State(false, false, null, null, null);
        }
        boolean on = switch (link.kind()) {
            case FAILURES -> preference.failureAlerts;
            case AGING -> preference.agingAlerts;
            case DIGEST -> preference.digest != NotificationPreference.Digest.NONE;
            case SCHEDULE -> false;
        };
        return new State(true, on, preference.email, link.kind().label, preference.membership.account.name);
    }

    /** Turns the link's mail off, and notes it in the audit log; nothing when what it names has gone. */
    @Transactional
    public void apply(Link link) {
        if (link.kind() == Kind.SCHEDULE) {
            schedules.removeRecipient(link.id(), link.email());
            return;
        }
        NotificationPreference preference = NotificationPreference.findById(link.id());
        if (preference == null) {
            return;
        }
        switch (link.kind()) {
            case FAILURES -> preference.failureAlerts = false;
            case AGING -> preference.agingAlerts = false;
            case DIGEST -> {
                preference.digest = NotificationPreference.Digest.NONE;
                preference.digestDueAt = null;
            }
            case SCHEDULE -> throw new IllegalStateException();
        }
        preference.updatedAt = Instant.now();
        AuditEntry.record(preference.email, preference.membership.account, "notifications.unsubscribed",
                "Unsubscribed from " + link.kind().label + " by the link in a mail");
    }
}
