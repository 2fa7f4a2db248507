package io.a2pportal.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A failure that escapes a job worker's thread, as when claiming a due job fails while the database
 * is going away, reaches the log (JSON in production) and not stderr.
 */
@QuarkusTest
class WorkerThreadFailureTest {

    @Inject
    DataSource dataSource;

    @Test
    void aFailureToClaimADueJobIsLoggedNotPrintedOnStderr() throws SQLException {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        root.addHandler(capture);
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // claiming a job (db-scheduler's pick) fails, as it does when the database goes away mid-poll
            sql("create function refuse_pick() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'claim refused by the test'; end $$",
                    "create trigger refuse_pick before update on scheduled_tasks for each row "
                            + "when (new.picked and not old.picked) execute function refuse_pick()",
                    "update scheduled_tasks set execution_time = now() where task_name = 'expire-reports'");
            // Awaitility would otherwise take uncaught exceptions itself, in place of the portal's handler
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> records.stream()
                    .anyMatch(record -> String.valueOf(record.getThrown()).contains("claim refused by the test")));
        } finally {
            sql("drop trigger if exists refuse_pick on scheduled_tasks", "drop function if exists refuse_pick()");
            System.setErr(stderr);
            root.removeHandler(capture);
        }
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("claim refused by the test"), printed.toString());
    }

    private void sql(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
