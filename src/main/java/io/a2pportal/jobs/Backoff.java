package io.a2pportal.jobs;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;

/** Retries a failed job after a delay that doubles with each consecutive failure, up to a ceiling. */
public class Backoff<T> implements FailureHandler<T> {

    private final Duration first;
    private final Duration ceiling;

    public Backoff(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling;
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        operations.reschedule(complete, complete.getTimeDone().plus(delay(complete.getExecution().consecutiveFailures)));
    }

    /** The wait after a failure that follows {@code earlierFailures} consecutive ones. */
    public Duration delay(int earlierFailures) {
        Duration delay = first;
        for (int i = 0; i < earlierFailures && delay.compareTo(ceiling) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(ceiling) > 0 ? ceiling : delay;
    }
}
