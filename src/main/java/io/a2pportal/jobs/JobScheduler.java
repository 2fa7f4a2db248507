package io.a2pportal.jobs;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The durable background workers (db-scheduler over the portal's PostgreSQL): started and stopped
 * with the application. Every instance polls the same table; db-scheduler lets one instance claim
 * an execution, keeps it alive with heartbeats, and revives it elsewhere when the heartbeats stop.
 * Features contribute their tasks as CDI beans.
 */
@ApplicationScoped
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);

    @Inject
    DataSource dataSource;

    @Inject
    JobsConfig config;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    @Any
    Instance<Task<?>> tasks;

    @Inject
    JobMetrics metrics;

    private volatile Scheduler scheduler;

    private volatile boolean started;

    void start(@Observes StartupEvent event) {
        // db-scheduler claims a due job on a worker thread and lets a failure to claim it (the
        // database going away, say) escape that thread; the JVM would print it on stderr as plain
        // lines, past the JSON log. Any thread's uncaught exception goes to the log instead.
        Thread.setDefaultUncaughtExceptionHandler(
                (thread, e) -> LOG.errorf(e, "Uncaught exception in thread %s", thread.getName()));
        scheduler = build(ManagementFactory.getRuntimeMXBean().getName());
        if (config.enabled()) {
            scheduler.start();
            started = true;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (started) {
            scheduler.stop();
        }
    }

    /** Whether this instance's workers are taking jobs: started and not shutting down. */
    public boolean running() {
        return started && scheduler.getSchedulerState().isStarted() && !scheduler.getSchedulerState().isShuttingDown();
    }

    /** A scheduler over the portal's database and tasks, named as it will appear in picked_by. */
    public Scheduler build(String name) {
        // recurring tasks are registered through startTasks, which also schedules their first run
        List<Task<?>> oneTime = tasks.stream().<Task<?>> map(task -> task).filter(task -> !(task instanceof RecurringTask))
                .toList();
        List<RecurringTask<?>> recurring = tasks.stream().filter(RecurringTask.class::isInstance)
                .<RecurringTask<?>> map(task -> (RecurringTask<?>) task).toList();
        return Scheduler.create(dataSource, oneTime)
                .startTasks(recurring)
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(config.threads())
                .pollingInterval(config.pollingInterval())
                .heartbeatInterval(config.heartbeatInterval())
                .missedHeartbeatsLimit(config.missedHeartbeats())
                .shutdownMaxWait(config.shutdownWait())
                .enableImmediateExecution()
                .statsRegistry(metrics)
                .build();
    }

    /**
     * Schedules a job instance. Inside a transaction the row is written by that transaction, so the
     * job exists exactly when the change that asked for it is committed.
     */
    public void schedule(SchedulableInstance<?> instance) {
        scheduler.schedule(instance);
        if (transactions.getTransactionKey() != null) {
            // the workers' immediate check ran before the commit made the job visible
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    wakeUp();
                }
            });
        }
    }

    /**
     * Brings a scheduled job forward to now. False when it cannot be: it has run already, or it is
     * running now (and then decides itself when to run again).
     */
    public boolean runNow(TaskInstanceId instance) {
        try {
            scheduler.reschedule(instance, Instant.now());
        } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException e) {
            LOG.infof("Job %s/%s was not brought forward: %s", instance.getTaskName(), instance.getId(), e.getMessage());
            return false;
        }
        wakeUp();
        return true;
    }

    /** Asks this instance's workers to look for due jobs now rather than at the next poll. */
    public void wakeUp() {
        if (started) {
            scheduler.triggerCheckForDueExecutions();
        }
    }
}
