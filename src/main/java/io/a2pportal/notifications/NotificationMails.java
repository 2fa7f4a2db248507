package io.a2pportal.notifications;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.mail.MailOutbox;
import io.a2pportal.mail.MailTemplates;
import io.a2pportal.web.PublicAddress;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The notification mails, HTML with a plain-text twin, each with its one-click unsubscribe link
 * (in the body and as List-Unsubscribe) and a link to the preferences. Times are in the user's zone.
 */
@ApplicationScoped
public class NotificationMails {

    static final String FAILURES = "failure-alert";
    static final String AGING = "aging-alert";
    static final String DIGEST = "digest";

    /** What every notification mail says at its end. */
    public record Footer(String email, String scope, Unsubscribe.Kind kind, String unsubscribe, String preferences) {
    }

    /** A line of a mail's list of numbers. */
    public record Line(String e164, String account, String what, String when, String detail) {
    }

    @CheckedTemplate
    static class Templates {
        static native MailTemplateInstance failures(String scope, List<Line> lines, long total, long more, String link, Footer footer);

        static native MailTemplateInstance aging(String scope, List<Line> lines, long total, long more, String link, Footer footer);

        static native MailTemplateInstance digest(String scope, String period, Digests.Digest digest, String numbersLink,
                String attentionLink, String changesLink, String troubleshootingLink, Footer footer);
    }

    @Inject
    MailOutbox outbox;

    @Inject
    PublicAddress address;

    @Inject
    Unsubscribe unsubscribe;

    @Inject
    NotificationsConfig config;

    int listed() {
        return config.listedNumbers();
    }

    @Transactional(TxType.MANDATORY)
    void failures(NotificationPreference preference, List<Alerts.Failure> failures, String pass) {
        ZoneId zone = preference.zoneId();
        List<Line> lines = failures.stream().limit(listed()).map(f -> new Line(f.e164(), f.accountName() + " (" + f.accountSid() + ")",
                f.what(), minute(f.observedAt(), zone), f.reason() == null ? "" : f.reason())).toList();
        String scope = scopeName(preference.scope());
        String subject = count(failures.size()) + " moved to Failure in " + scope;
        String link = numbers(preference.scope(), "status=FAILURE");
        send(preference, Unsubscribe.Kind.FAILURES, FAILURES + ":" + preference.membershipId + ":" + pass, subject, link,
                () -> Templates.failures(scope, lines, failures.size(), failures.size() - lines.size(), link, footer(preference,
                        Unsubscribe.Kind.FAILURES)));
    }

    @Transactional(TxType.MANDATORY)
    void aging(NotificationPreference preference, List<Alerts.Overdue> overdue, long total, Instant at) {
        ZoneId zone = preference.zoneId();
        List<Line> lines = overdue.stream().map(o -> new Line(o.e164(), o.accountName() + " (" + o.accountSid() + ")",
                "Pending registration", minute(o.waitingSince(), zone), "")).toList();
        String scope = scopeName(preference.scope());
        String subject = count(total) + " waiting over two weeks for registration in " + scope;
        String link = numbers(preference.scope(), "attention=1");
        send(preference, Unsubscribe.Kind.AGING, AGING + ":" + preference.membershipId + ":" + at.toEpochMilli(), subject, link,
                () -> Templates.aging(scope, lines, total, total - lines.size(), link, footer(preference, Unsubscribe.Kind.AGING)));
    }

    @Transactional(TxType.MANDATORY)
    void digest(NotificationPreference preference, Digests.Digest digest) {
        ZoneId zone = preference.zoneId();
        TenantScope scope = preference.scope();
        String name = scopeName(scope);
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(zone);
        String period = (preference.digest == NotificationPreference.Digest.WEEKLY ? "the week of " : "")
                + DAY.withZone(zone).format(digest.from()) + (preference.digest == NotificationPreference.Digest.WEEKLY
                        ? " to " + DAY.withZone(zone).format(digest.to().minusSeconds(1)) : "") + " (" + zone.getId() + ")";
        String changes = address.url("/reports?changes_from=" + local.format(digest.from()) + "&changes_to="
                + local.format(digest.to()) + "&zone=" + zone.getId() + "&scope=" + (scope.isWholeTree() ? "all" : scope.account().sid));
        String subject = (preference.digest == NotificationPreference.Digest.WEEKLY ? "Weekly" : "Daily") + " digest for " + name
                + ": " + count(digest.changes()) + " changed";
        String link = numbers(scope, null);
        send(preference, Unsubscribe.Kind.DIGEST, DIGEST + ":" + preference.membershipId + ":" + digest.to().toEpochMilli(), subject,
                link, () -> Templates.digest(name, period, digest, link, numbers(scope, "attention=1"), changes,
                        address.url("/troubleshooting"), footer(preference, Unsubscribe.Kind.DIGEST)));
    }

    private void send(NotificationPreference preference, Unsubscribe.Kind kind, String key, String subject, String link,
            Supplier<MailTemplateInstance> mail) {
        outbox.enqueue(key, key.substring(0, key.indexOf(':')), preference.email, subject, link,
                MailTemplates.text(mail.get()), MailTemplates.html(mail.get()), unsubscribe.url(preference, kind));
    }

    private Footer footer(NotificationPreference preference, Unsubscribe.Kind kind) {
        return new Footer(preference.email, scopeName(preference.scope()), kind, unsubscribe.url(preference, kind),
                address.url("/notifications"));
    }

    /** The Active Numbers page of the scope, with a filter; a subaccount's scope names its account. */
    private String numbers(TenantScope scope, String filter) {
        String query = (scope.isWholeTree() ? "" : "account=" + scope.account().sid) + (filter == null ? ""
                : (scope.isWholeTree() ? "" : "&") + filter);
        return address.url("/numbers" + (query.isEmpty() ? "" : "?" + query));
    }

    private static String scopeName(TenantScope scope) {
        Account account = scope.account();
        return scope.isWholeTree() ? account.name + " and its subaccounts" : account.name;
    }

    private static String count(long numbers) {
        return String.format("%,d number%s", numbers, numbers == 1 ? "" : "s");
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", java.util.Locale.ENGLISH);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", java.util.Locale.ENGLISH);

    private static String minute(Instant instant, ZoneId zone) {
        return instant == null ? "" : MINUTE.withZone(zone).format(instant) + " " + zone.getId();
    }
}
