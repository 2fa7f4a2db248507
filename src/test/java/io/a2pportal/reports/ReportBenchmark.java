package io.a2pportal.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The report job against the floor it cannot beat: PostgreSQL's COPY of the same query, read whole
 * by the client into a sink that only counts bytes. Run by bench/report.sh (JUnit tag "benchmark",
 * left out of the normal build), with the heap capped at 256 MB. Prints its figures and writes them
 * to target/benchmark/report.txt; the last line is the summary. The job runs with the portal's
 * chunk size and progress interval, not the test profile's.
 */
@QuarkusTest
@TestProfile(PortalSettingsProfile.class)
@Tag("benchmark")
class ReportBenchmark {

    private static final int SUBACCOUNTS = 100;
    private static final int RUNS = 2;

    @Inject
    DataSource dataSource;

    @Inject
    ReportRequests requests;

    @Test
    void reportJobAgainstCopy() throws Exception {
        long numbers = Long.getLong("bench.numbers", 1_000_000L);
        String tag = Long.toHexString(System.nanoTime());
        List<String> lines = new ArrayList<>();
        long parent = 0;
        try {
            long seedStart = System.nanoTime();
            parent = seed(numbers, tag);
            lines.add(String.format(Locale.ROOT, "seeded %,d numbers across 1 account and %d subaccounts in %.1f s; max heap %d MB",
                    numbers, SUBACCOUNTS, seconds(System.nanoTime() - seedStart), Runtime.getRuntime().maxMemory() >> 20));
            long root = parent;
            TenantScope scope = QuarkusTransaction.requiringNew().call(() -> {
                Account account = Account.findById(root);
                return new TenantScope(account, Role.OWNER, account.rootId, null);
            });
            ReportQuery query = new ReportQuery(parent, null, List.of());

            copy(query); // warms the buffer cache for both sides
            double bestJob = Double.MAX_VALUE;
            double bestCopy = Double.MAX_VALUE;
            long heapPeak = 0;
            long rows = 0;
            for (int run = 1; run <= RUNS; run++) {
                HeapSampler sampler = new HeapSampler();
                sampler.start();
                Report report = runJob(scope);
                long peak = sampler.finish();
                double job = seconds(Duration.between(report.startedAt, report.finishedAt).toNanos());
                double toMail = seconds(Duration.between(report.createdAt, readyMailSent(report.id)).toNanos());
                long copyStart = System.nanoTime();
                long copyBytes = copy(query);
                double copy = seconds(System.nanoTime() - copyStart);
                lines.add(String.format(Locale.ROOT,
                        "run %d: job %.3f s (%,d rows, %,d CSV bytes, %,d gzip bytes stored), copy %.3f s (%,d bytes), heap peak %d MB, "
                                + "request to ready mail sent %.3f s",
                        run, job, report.rowsWritten, report.csvBytes, report.fileBytes, copy, copyBytes, peak >> 20, toMail));
                bestJob = Math.min(bestJob, job);
                bestCopy = Math.min(bestCopy, copy);
                heapPeak = Math.max(heapPeak, peak);
                rows = report.rowsWritten;
            }
            lines.add(String.format(Locale.ROOT, "report_vs_copy ratio=%.2f job_s=%.3f copy_s=%.3f heap_peak_mb=%d rows=%d",
                    bestJob / bestCopy, bestJob, bestCopy, heapPeak >> 20, rows));
        } finally {
            if (parent != 0) {
                cleanUp(parent);
            }
            Path out = Path.of("target/benchmark/report.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, lines);
            lines.forEach(System.out::println);
        }
    }

    private Report runJob(TenantScope scope) throws InterruptedException {
        long id = requests.request(scope, "benchmark", "benchmark@example.test", "all", List.of(), false).id;
        while (true) {
            Report report = QuarkusTransaction.requiringNew().call(() -> Report.<Report> findById(id));
            if (report.state == ReportState.READY) {
                return report;
            }
            if (!report.isActive()) {
                throw new AssertionError("Report " + id + " ended " + report.state + ": " + report.reason);
            }
            Thread.sleep(20);
        }
    }

    /** When the report's ready mail was sent (by the outbox's worker, after the job), waiting up to a minute for it. */
    private java.time.Instant readyMailSent(long report) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Connection connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "select sent_at from mail_outbox where report_id = ? and kind = 'report-ready' and state = 'SENT'")) {
            query.setLong(1, report);
            while (System.nanoTime() < deadline) {
                try (var sent = query.executeQuery()) {
                    if (sent.next()) {
                        return sent.getTimestamp(1).toInstant();
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the ready mail of report " + report + " was not sent within a minute");
    }

    /** COPY of the report's query, read whole; returns the bytes received. */
    private long copy(ReportQuery query) throws SQLException, IOException {
        CountingSink sink = new CountingSink();
        try (Connection connection = dataSource.getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut(query.copy(), sink);
        }
        return sink.count;
    }

    private long seed(long numbers, String tag) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            var parent = sql.executeQuery("insert into account (sid, name) values ('AC' || md5('parent-" + tag
                    + "'), 'Benchmark parent " + tag + "') returning id");
            parent.next();
            long root = parent.getLong(1);
            sql.execute("insert into account (sid, name, parent_id) select 'AC' || md5('sub-" + tag + "-' || g), "
                    + "'Benchmark subaccount ' || g, " + root + " from generate_series(1, " + SUBACCOUNTS + ") g");
            sql.execute("insert into brand (sid, account_id, name, brand_type, status) select 'BN' || md5('" + tag
                    + "' || a.id), a.id, a.name || ' brand', 'STANDARD', 'APPROVED' from account a where a.root_id = " + root);
            // every fourth campaign is not verified yet, so its numbers have a blank messaging service SID
            sql.execute("insert into campaign (sid, console_sid, account_id, brand_id, brand_type, use_case, status) "
                    + "select 'QE' || md5('qe" + tag + "' || b.id), 'CM' || md5('cm" + tag + "' || b.id), b.account_id, b.id, "
                    + "'STANDARD', 'MIXED', case when b.id % 4 = 0 then 'IN_PROGRESS' else 'VERIFIED' end "
                    + "from brand b join account a on a.id = b.account_id where a.root_id = " + root);
            sql.execute("insert into messaging_service (sid, account_id, campaign_id, name) select 'MG' || md5('mg" + tag
                    + "' || c.id), c.account_id, c.id, 'Service' from campaign c join account a on a.id = c.account_id "
                    + "where a.root_id = " + root);
            // one number in ten is in no service: blank campaign and messaging service SIDs
            sql.execute("insert into phone_number (sid, e164, account_id, root_account_id, messaging_service_id, status, "
                    + "joined_service_at) select 'PN' || md5('pn" + tag + "' || g), '+1' || (2000000000 + g), "
                    + "acc.id, " + root + ", case when g % 10 = 0 then null else acc.service end, "
                    + "(array['UNREGISTERED','PENDING_REGISTRATION','REGISTERED','PENDING_DEREGISTRATION','FAILURE'])[1 + g % 5], "
                    + "case when g % 10 = 0 then null else now() end from generate_series(0, " + (numbers - 1) + ") g "
                    + "join (select a.id, s.id as service, row_number() over (order by a.id) - 1 as k from account a "
                    + "join messaging_service s on s.account_id = a.id where a.root_id = " + root + ") acc "
                    + "on acc.k = g % " + (SUBACCOUNTS + 1));
            sql.execute("vacuum analyze phone_number");
            return root;
        }
    }

    private void cleanUp(long root) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("delete from mail_outbox where report_id in (select id from report where root_account_id = " + root + ")");
            sql.execute("delete from report where root_account_id = " + root);
            // requesting a report writes an audit entry of the tree
            sql.execute("delete from audit_entry where root_account_id = " + root);
            sql.execute("delete from phone_number where root_account_id = " + root);
            sql.execute("delete from messaging_service where account_id in (select id from account where root_id = " + root + ")");
            sql.execute("delete from campaign where account_id in (select id from account where root_id = " + root + ")");
            sql.execute("delete from brand where account_id in (select id from account where root_id = " + root + ")");
            sql.execute("delete from account where parent_id = " + root);
            sql.execute("delete from account where id = " + root);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** The most heap in use at any moment while the job runs, sampled every few milliseconds. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() throws InterruptedException {
            running.set(false);
            join();
            return peak.get();
        }
    }
}
