package io.a2pportal.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.a2pportal.accounts.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the sink and the inbox did, for the pages, always within a tenant's scope: events per
 * account and type, each account's last event, the problems listed for the owner, the refused
 * requests and the deliveries still waiting.
 */
@ApplicationScoped
public class EventLog {

    @Inject
    DataSource dataSource;

    /** Events of one type recorded for an account since a time, with how many of them were applied. */
    public record TypeCount(long accountId, String type, long events, long applied) {
    }

    /** An account's latest event: when it was received, and its type and outcome. */
    public record LastEvent(long accountId, Instant receivedAt, String type, EventOutcome outcome) {
    }

    /** A problem listed for the owner; {@code eventId} and {@code deliveryId} are null when not known. */
    public record Problem(long id, Instant at, ProblemKind kind, Long deliveryId, String eventId, String detail) {
    }

    /** The sink's counters: refused requests in all and the last one, deliveries not yet processed. */
    public record SinkCounters(long refused, Instant lastRefusedAt, long pending) {
    }

    /**
     * Events per account of the scope and type received since {@code since} (the Live updates
     * page asks for the last 24 hours), ordered by account and type. Events naming an account
     * outside the tree have no account and are not counted here (they are problems).
     */
    public List<TypeCount> countsByAccountAndType(TenantScope scope, Instant since) {
        List<TypeCount> counts = new ArrayList<>();
        query("select account_id, type, count(*), count(*) filter (where outcome = 'APPLIED') from event_received "
                + "where root_account_id = ? and received_at >= ? and account_id is not null "
                + "and (cast(? as bigint) is null or account_id = ?) group by account_id, type order by account_id, type",
                scope, since, rs -> counts.add(new TypeCount(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4))));
        return counts;
    }

    /** The latest event of each account of the scope that has had one. */
    public List<LastEvent> lastEvents(TenantScope scope) {
        List<LastEvent> last = new ArrayList<>();
        query("select distinct on (account_id) account_id, received_at, type, outcome from event_received "
                + "where root_account_id = ? and received_at >= ? and account_id is not null "
                + "and (cast(? as bigint) is null or account_id = ?) order by account_id, received_at desc, event_id",
                scope, Instant.EPOCH, rs -> last.add(new LastEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        EventOutcome.valueOf(rs.getString(4)))));
        return last;
    }

    /** The problems listed for the scope's tree, newest first, at most {@code limit}. Only an owner of the tree sees them. */
    public List<Problem> problems(TenantScope scope, int limit) {
        List<Problem> problems = new ArrayList<>();
        if (!scope.isWholeTree()) {
            return problems;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("select p.id, p.at, p.kind, "
                + "p.delivery_id, p.event_id, p.detail from event_problem p join event_sink s on s.id = p.sink_id "
                + "where s.root_account_id = ? order by p.at desc, p.id desc limit ?")) {
            st.setLong(1, scope.rootId());
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    problems.add(new Problem(rs.getLong(1), rs.getTimestamp(2).toInstant(), ProblemKind.valueOf(rs.getString(3)),
                            rs.getObject(4, Long.class), rs.getString(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The events' problems could not be read", e);
        }
        return problems;
    }

    /** The counters of the scope's tree's sink; null when the tree has none, or the scope is one subaccount. */
    public SinkCounters counters(TenantScope scope) {
        if (!scope.isWholeTree()) {
            return null;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("select s.refused, "
                + "s.last_refused_at, (select count(*) from event_delivery d where d.sink_id = s.id and d.processed_at is null) "
                + "from event_sink s where s.root_account_id = ?")) {
            st.setLong(1, scope.rootId());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp last = rs.getTimestamp(2);
                return new SinkCounters(rs.getLong(1), last == null ? null : last.toInstant(), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The sink's counters could not be read", e);
        }
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, TenantScope scope, Instant since, Row row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, scope.rootId());
            st.setTimestamp(2, Timestamp.from(since));
            st.setObject(3, scope.accountId(), Types.BIGINT);
            st.setObject(4, scope.accountId(), Types.BIGINT);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The events could not be read", e);
        }
    }
}
