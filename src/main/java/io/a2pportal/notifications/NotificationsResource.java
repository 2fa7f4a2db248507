package io.a2pportal.notifications;

import java.time.Instant;
import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.Formats;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.shared.TimeZones;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The user's choice of alerts and digests for the scope they work in. */
@Path("/notifications")
@Produces(MediaType.TEXT_HTML)
public class NotificationsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance preferences(TenantScope scope, NotificationPreference preference, String email,
                List<String> zones, NotificationPreference.Digest[] digests, String error);
    }

    @Inject
    CurrentTenant tenant;

    @GET
    public TemplateInstance show() {
        return page(null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm String failures, @RestForm String aging, @RestForm String digest, @RestForm String zone) {
        try {
            save(tenant.scope(), tenant.active(), failures, aging, digest, zone);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(e.getMessage())).build();
        }
        return Flash.redirect("/notifications", "Your notification choices are saved.");
    }

    @Transactional
    void save(TenantScope scope, Membership membership, String failures, String aging, String digestChoice, String zoneChoice) {
        NotificationPreference.Digest digest = parseDigest(digestChoice);
        String zone = parseZone(zoneChoice);
        boolean wantsFailures = "on".equals(failures);
        boolean wantsAging = "on".equals(aging);
        NotificationPreference preference = NotificationPreference.of(membership);
        String email = loginEmail(membership);
        if (email == null && (wantsFailures || wantsAging || digest != NotificationPreference.Digest.NONE)) {
            throw new InvalidInputException("Your sign-in gives no verified email address to send mail to. Ask your identity "
                    + "provider's administrator to add one, then choose again.");
        }
        if (preference == null) {
            preference = new NotificationPreference();
            preference.membership = Membership.findById(membership.id);
        }
        Instant now = Instant.now();
        if (wantsAging && !preference.agingAlerts) {
            // told from now on: what was overdue before is on the Active Numbers page already
            preference.agingCheckedUntil = now;
        }
        preference.failureAlerts = wantsFailures;
        preference.agingAlerts = wantsAging;
        boolean digestChanged = preference.digest != digest || !zone.equals(preference.zone);
        preference.digest = digest;
        preference.zone = zone;
        if (digestChanged || preference.digestDueAt == null) {
            preference.digestDueAt = preference.periodEndAfter(now);
        }
        // without an address (a login that has none, and wants nothing) the row keeps the one it had, or none
        preference.email = email != null ? email : java.util.Objects.requireNonNullElse(preference.email, "");
        preference.updatedAt = now;
        preference.persist();
        AuditEntry.record(tenant.displayName(), scope.account(), "notifications.chosen", "Notifications: "
                + (wantsFailures ? "failure alerts" : "no failure alerts") + ", " + (wantsAging ? "aging alerts" : "no aging alerts")
                + ", " + digest.label.toLowerCase(java.util.Locale.ROOT) + " (" + zone + ")");
    }

    private static NotificationPreference.Digest parseDigest(String value) {
        if (value == null || value.isBlank()) {
            return NotificationPreference.Digest.NONE;
        }
        try {
            return NotificationPreference.Digest.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Unknown digest \u201c" + Formats.shorten(value) + "\u201d. Choose none, daily or weekly.");
        }
    }

    private static String parseZone(String value) {
        if (value == null || value.isBlank()) {
            return "UTC";
        }
        return TimeZones.named(value).orElseThrow(() -> new InvalidInputException("Unknown time zone \u201c"
                + Formats.shorten(value) + "\u201d. Choose one from the list, such as America/New_York.")).getId();
    }

    /** Where the mails go: the login's verified address, or the one the membership was made for. */
    private String loginEmail(Membership membership) {
        return tenant.email() != null ? tenant.email() : membership.email;
    }

    private TemplateInstance page(String error) {
        TenantScope scope = tenant.scope();
        Membership membership = tenant.active();
        NotificationPreference preference = NotificationPreference.of(membership);
        String email = preference != null && !preference.email.isEmpty() ? preference.email : loginEmail(membership);
        return Templates.preferences(scope, preference == null ? new NotificationPreference() : preference, email, TimeZones.CHOICES,
                NotificationPreference.Digest.values(), error);
    }
}
