package io.a2pportal.notifications;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2pportal.secrets.SecretBox;
import io.a2pportal.web.PublicAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The unsubscribe links of the notification mails: {@code /unsubscribe/<membership>.<kind>.<signature>},
 * signed with the portal's key, so that a link works without a login and no one can make one for
 * another user or another kind of mail. A link turns off one kind of mail for one membership.
 */
@ApplicationScoped
public class Unsubscribe {

    static final String PATH = "/unsubscribe/";
    private static final String PURPOSE = "unsubscribe";
    private static final Pattern TOKEN = Pattern.compile("(\\d{1,18})\\.([a-z]{1,16})\\.([A-Za-z0-9_-]{43})");

    /** The kinds of mail a link can turn off. */
    public enum Kind {
        FAILURES("failure alerts"), AGING("aging alerts"), DIGEST("digests");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A link's meaning, once its signature is checked. */
    public record Link(long membershipId, Kind kind) {
    }

    @Inject
    SecretBox box;

    @Inject
    PublicAddress address;

    public String url(NotificationPreference preference, Kind kind) {
        String message = preference.membershipId + "." + kind.token();
        return address.url(PATH + message + "." + box.sign(PURPOSE, message));
    }

    /** The link's meaning, if the portal made it; empty for anything else. */
    public Optional<Link> read(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token);
        if (m == null || !m.matches() || !box.verify(PURPOSE, m.group(1) + "." + m.group(2), m.group(3))) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (kind.token().equals(m.group(2))) {
                return Optional.of(new Link(Long.parseLong(m.group(1)), kind));
            }
        }
        return Optional.empty();
    }

    /** Turns the link's kind of mail off; the preference, or empty when the membership has gone since. */
    @Transactional
    public Optional<NotificationPreference> apply(Link link) {
        NotificationPreference preference = NotificationPreference.findById(link.membershipId());
        if (preference == null) {
            return Optional.empty();
        }
        switch (link.kind()) {
            case FAILURES -> preference.failureAlerts = false;
            case AGING -> preference.agingAlerts = false;
            case DIGEST -> {
                preference.digest = NotificationPreference.Digest.NONE;
                preference.digestDueAt = null;
            }
        }
        preference.updatedAt = java.time.Instant.now();
        return Optional.of(preference);
    }
}
