package io.a2pportal.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Deletes what the events leave behind, as a recurring job: processed deliveries' raw bodies after
 * {@code portal.events.delivery-retention}, the record of each event after
 * {@code portal.events.received-retention} (an event redelivered before then applies nothing; one
 * redelivered later is older than what followed it, which the ledger supersedes), and the owner's
 * problems after {@code portal.events.problem-retention}. Pending deliveries are never deleted.
 */
@ApplicationScoped
public class EventRetention {

    private static final Logger LOG = Logger.getLogger(EventRetention.class);

    @Inject
    DataSource dataSource;

    @Inject
    EventsConfig config;

    @Produces
    @Singleton
    Task<Void> retentionTask() {
        return Tasks.recurring("event-retention", Schedules.fixedDelay(config.retentionInterval()))
                .execute((instance, context) -> purge());
    }

    public void purge() {
        try (Connection c = dataSource.getConnection()) {
            int deliveries = delete(c, "delete from event_delivery where processed_at is not null and received_at < now() - ?",
                    config.deliveryRetention());
            int received = delete(c, "delete from event_received where received_at < now() - ?", config.receivedRetention());
            int problems = delete(c, "delete from event_problem where at < now() - ?", config.problemRetention());
            if (deliveries + received + problems > 0) {
                LOG.infof("Event retention: deleted %d deliveries, %d event records, %d problems", deliveries, received, problems);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The events' retention could not run", e);
        }
    }

    private static int delete(Connection c, String sql, Duration age) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql.replace("now() - ?", "now() - cast(? as interval)"))) {
            st.setString(1, age.toSeconds() + " seconds");
            return st.executeUpdate();
        }
    }
}
