package io.a2pportal.reports;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.a2pportal.files.FileStore;
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
            int chunks = em.unwrap(Session.class).doReturningWork(c -> FileStore.deleteWhere(c, ReportGenerator.FILE_OWNER,
                    "report", "o.state in ('EXPIRED', 'FAILED') or (o.state = 'READY' and f.version <> o.attempt)"));
            if (expired > 0 || chunks > 0) {
                LOG.infof("Expired %d reports, deleted %d file chunks", expired, chunks);
            }
        });
    }
}
