package io.a2pportal.notifications;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/**
 * What one user wants to be told about the scope of one of their memberships. It goes with the
 * membership: the alerts and digests of a scope reach only the people whose membership covers it.
 */
@Entity
@Table(name = "notification_preference")
public class NotificationPreference extends PanacheEntityBase {

    /** How often a digest of what changed is sent. */
    public enum Digest {
        NONE("No digest"), DAILY("Daily, for the day before"), WEEKLY("Weekly on Monday, for the week before");

        public final String label;

        Digest(String label) {
            this.label = label;
        }
    }

    @Id
    @Column(name = "membership_id")
    public Long membershipId;

    @MapsId
    @OneToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "membership_id")
    public Membership membership;

    public String email;

    public boolean failureAlerts;

    public boolean agingAlerts;

    @Enumerated(EnumType.STRING)
    public Digest digest = Digest.NONE;

    public String zone = "UTC";

    public Instant agingCheckedUntil = Instant.now();

    public Instant digestDueAt;

    public Instant updatedAt = Instant.now();

    public TenantScope scope() {
        return TenantScope.of(membership);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /**
     * The end of the digest period that {@code moment} falls in: the next local midnight (daily) or
     * the next Monday's (weekly), in the user's zone, so that a day is a day there, 23 or 25 hours
     * long across a daylight-saving change. Null without a digest.
     */
    public Instant periodEndAfter(Instant moment) {
        if (digest == Digest.NONE) {
            return null;
        }
        LocalDate day = moment.atZone(zoneId()).toLocalDate().plusDays(1);
        if (digest == Digest.WEEKLY) {
            day = day.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        }
        return day.atStartOfDay(zoneId()).toInstant();
    }

    /** The start of the digest period ending at {@code end}. */
    Instant periodStart(Instant end) {
        ZonedDateTime local = end.atZone(zoneId());
        return (digest == Digest.WEEKLY ? local.minusWeeks(1) : local.minusDays(1)).toLocalDate().atStartOfDay(zoneId())
                .toInstant();
    }

    public static NotificationPreference of(Membership membership) {
        return findById(membership.id);
    }
}
