package io.a2pportal.numbers;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * A reader's place in the status history, kept in {@code history_cursor} by name (the webhooks'
 * status events, the failure alerts). Entries are read in (transaction id, entry id) order, and
 * only those of transactions older than every transaction still running: those are final, so an
 * entry committed late belongs to a transaction that was still running and is read once it ends,
 * never skipped (V17__webhooks.sql). A long transaction holds the readers back until it ends.
 */
public final class HistoryCursor {

    /**
     * The entries of {@code number_status_history h} past the cursor and below the horizon, in the
     * order to read them; {@link Position#bind} gives its parameters ?1 to ?3.
     */
    public static final String PAST = " h.xid < ?1 and h.xid >= ?2 and (h.xid > ?2 or h.id > ?3) ";

    /** The order to read them in; like {@link #PAST}, spaced to stand between SQL words. */
    public static final String ORDER = " h.xid, h.id ";

    /** Where the reader is, and the horizon it may read up to in this transaction. */
    public record Position(String name, long xid, long lastId, long horizon) {

        public Query bind(Query query) {
            return query.setParameter(1, horizon).setParameter(2, xid).setParameter(3, lastId);
        }
    }

    private HistoryCursor() {
    }

    /** Takes the named cursor for the transaction: a second reader of that name waits until it ends. */
    public static Position lock(EntityManager em, String name) {
        Object[] cursor = (Object[]) em.createNativeQuery("select xid, last_id from history_cursor where name = ?1 for update")
                .setParameter(1, name).getSingleResult();
        // read after the lock, so that a later pass never sees an older horizon than an earlier one
        long horizon = ((Number) em.createNativeQuery("select cast(cast(pg_snapshot_xmin(pg_current_snapshot()) as text) as bigint)")
                .getSingleResult()).longValue();
        return new Position(name, ((Number) cursor[0]).longValue(), ((Number) cursor[1]).longValue(), horizon);
    }

    /**
     * Moves the cursor on after a batch read with {@link #PAST} and {@link #ORDER}, whose rows start
     * with {@code h.id, h.xid}: a full batch (as many rows as {@code batch}) stops at its last
     * entry, so that the next pass goes on from there; a shorter one has read everything below the horizon.
     */
    public static void moveOn(EntityManager em, Position position, java.util.List<?> rows, int batch) {
        Object[] last = rows.size() == batch ? (Object[]) rows.get(rows.size() - 1) : null;
        em.createNativeQuery("update history_cursor set xid = ?1, last_id = ?2 where name = ?3 and ?1 >= xid")
                .setParameter(1, last == null ? position.horizon() : ((Number) last[1]).longValue())
                .setParameter(2, last == null ? 0L : ((Number) last[0]).longValue()).setParameter(3, position.name())
                .executeUpdate();
    }
}
