package io.a2pportal.reports;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

/**
 * Expires ready reports at the end of their retention and deletes their files, as a recurring job
 * (db-scheduler runs it on one instance at a time). Chunks that no current attempt owns go too.
 */
@ApplicationScoped
public class ReportRetention {

    private static final Logger LOG = Logger.getLogger(ReportRetention.class);

    @Inject
    ReportsConfig config;

    @Inject
    EntityManager em;

    @Produces
    @Singleton
    Task<Void> expiryTask() {
        return Tasks.recurring("expire-reports", Schedules.fixedDelay(config.expiryCheckInterval()))
                .execute((instance, context) -> expire());
    }

    void expire() {
        QuarkusTransaction.requiringNew().run(() -> {
            int expired = em.createNativeQuery(
                    "update report set state = 'EXPIRED' where state = 'READY' and expires_at <= now()").executeUpdate();
            int chunks = em.createNativeQuery("""
                    delete from report_file_chunk c using report r
                    where r.id = c.report_id and (r.state in ('EXPIRED', 'FAILED') or (r.state = 'READY' and c.attempt <> r.attempt))
                    """).executeUpdate();
            if (expired > 0 || chunks > 0) {
                LOG.infof("Expired %d reports, deleted %d file chunks", expired, chunks);
            }
        });
    }
}
