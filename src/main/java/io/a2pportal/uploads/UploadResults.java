package io.a2pportal.uploads;

import java.util.ArrayList;
import java.util.List;

import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** What an upload found or changed, read back for its result page. */
@ApplicationScoped
public class UploadResults {

    /** Numbers that went from one status to another (from null: numbers first seen). */
    public record StatusChange(RegistrationStatus from, RegistrationStatus to, long count) {
        public String fromName() {
            return from == null ? "" : from.name();
        }
    }

    public record ChangedNumber(String e164, String pageKey, String accountName) {
    }

    @Inject
    EntityManager em;

    public List<RowError> errors(long uploadId, int limit) {
        List<RowError> errors = new ArrayList<>();
        for (Object row : em.createNativeQuery("select row_no, column_name, reason, phone_number from upload_error "
                + "where upload_id = ?1 order by row_no, column_name").setParameter(1, uploadId).setMaxResults(limit).getResultList()) {
            Object[] c = (Object[]) row;
            errors.add(new RowError(((Number) c[0]).longValue(), (String) c[1], (String) c[2], (String) c[3]));
        }
        return errors;
    }

    public List<StatusChange> changes(long uploadId) {
        List<StatusChange> changes = new ArrayList<>();
        for (Object row : em.createNativeQuery("select old_status, new_status, count(*) from number_status_history "
                + "where upload_id = ?1 group by old_status, new_status order by count(*) desc, old_status nulls first, new_status")
                .setParameter(1, uploadId).getResultList()) {
            Object[] c = (Object[]) row;
            changes.add(new StatusChange(c[0] == null ? null : RegistrationStatus.valueOf((String) c[0]),
                    RegistrationStatus.valueOf((String) c[1]), ((Number) c[2]).longValue()));
        }
        return changes;
    }

    public List<ChangedNumber> changedNumbers(long uploadId, String from, String to, int limit) {
        List<ChangedNumber> numbers = new ArrayList<>();
        var query = em.createNativeQuery("select n.e164, coalesce(n.sid, n.e164), a.name from number_status_history h "
                + "join phone_number n on n.id = h.phone_number_id join account a on a.id = n.account_id "
                + "where h.upload_id = ?1 and h.new_status = ?2 and "
                + (from == null ? "h.old_status is null" : "h.old_status = ?3") + " order by n.e164")
                .setParameter(1, uploadId).setParameter(2, to);
        if (from != null) {
            query.setParameter(3, from);
        }
        for (Object row : query.setMaxResults(limit).getResultList()) {
            Object[] c = (Object[]) row;
            numbers.add(new ChangedNumber((String) c[0], (String) c[1], (String) c[2]));
        }
        return numbers;
    }
}
