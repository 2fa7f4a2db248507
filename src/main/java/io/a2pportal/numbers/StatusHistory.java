package io.a2pportal.numbers;

import static io.a2pportal.db.SqlValues.instant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One status a number took, and where it was observed: an upload (its id), one of the vendor's
 * events (its CloudEvents id in {@code sourceRef}) or the API.
 */
public record StatusHistory(RegistrationStatus from, RegistrationStatus to, Instant at, Long uploadId, String source,
        String sourceRef) {

    public String sourceLabel() {
        return PhoneNumber.sourceLabel(source);
    }

    public boolean fromEvent() {
        return "EVENT".equals(source);
    }

    /** The number's history, newest first. */
    public static List<StatusHistory> of(PhoneNumber number, int limit) {
        List<StatusHistory> entries = new ArrayList<>();
        for (Object row : PhoneNumber.getEntityManager().createNativeQuery("select old_status, new_status, changed_at, upload_id, source, source_ref "
                + "from number_status_history where phone_number_id = ?1 order by changed_at desc, id desc")
                .setParameter(1, number.id).setMaxResults(limit).getResultList()) {
            Object[] c = (Object[]) row;
            entries.add(new StatusHistory(c[0] == null ? null : RegistrationStatus.valueOf((String) c[0]),
                    RegistrationStatus.valueOf((String) c[1]), instant(c[2]), c[3] == null ? null : ((Number) c[3]).longValue(),
                    (String) c[4], (String) c[5]));
        }
        return entries;
    }

    /** Whole days from the given time to now, for "in this status for 19 days". */
    public static long daysSince(Instant since) {
        return Duration.between(since, Instant.now()).toDays();
    }
}
