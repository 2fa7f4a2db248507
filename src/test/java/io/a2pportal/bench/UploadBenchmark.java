package io.a2pportal.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.uploads.Upload;
import io.a2pportal.uploads.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A status report of N rows (default 1,000,000) uploaded into an inventory of the same size, one in
 * ten statuses changed, against PostgreSQL's COPY FROM STDIN of the same rows into a scratch table,
 * in rounds (default 5), each changing another tenth of the numbers after a checkpoint. Run with
 * {@code bench/upload.sh [rows] [rounds]}; the last line sums up with the round of median ratio.
 */
@QuarkusTest
@Tag("benchmark")
class UploadBenchmark {

    @Inject
    DataSource dataSource;

    @Inject
    Uploads uploads;

    @Test
    void uploadAgainstCopy() throws Exception {
        int size = Integer.getInteger("bench.rows", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        BenchInventory seeded = BenchInventory.seed(dataSource, size);
        Path file = Files.createTempFile("status-report", ".csv");
        try {
            Account parent = QuarkusTransaction.requiringNew().call(() -> Account.findBySid(seeded.parentSid).orElseThrow());
            TenantScope owner = new TenantScope(parent, Role.OWNER, parent.id, null);
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // each round changes another tenth of the numbers (by the last digit of their ids)
                int digit = (round - 1) % 10;
                writeReport(seeded, file, digit);
                System.out.printf(Locale.ROOT, "round %d: report file of %d rows, %.1f MB%n", round, size,
                        Files.size(file) / 1048576.0);
                // as in a server where the numbers were last written long ago: each page the upload
                // changes is written whole to the log once more
                BenchDatabase.checkpoint(dataSource);

                HeapSampler heap = HeapSampler.start();
                long[] walBefore = wal();
                ProcessHandle server = server();
                Duration[] cpuBefore = { cpu(ProcessHandle.current()), cpuOfServer(server) };
                long start = System.nanoTime();
                long id = uploads.receive(owner, "benchmark", "status-report.csv", file, Files.size(file));
                double uploadSeconds = (System.nanoTime() - start) / 1e9;
                long heapPeak = heap.stop();
                long[] walAfter = wal();
                Upload upload = QuarkusTransaction.requiringNew().call(() -> Upload.findById(id));
                System.out.printf(Locale.ROOT, "round %d: upload state=%s rows=%d added=%d updated=%d unchanged=%d in %.2f s%n",
                        round, upload.state, upload.rowsRead, upload.added, upload.updated, upload.unchanged, uploadSeconds);
                if (!"APPLIED".equals(upload.state.name()) || upload.updated != seeded.changing(dataSource, digit)) {
                    throw new AssertionError("The benchmark upload did not change a tenth of the numbers: " + upload.message);
                }
                System.out.printf(Locale.ROOT, "round %d: log %.1f MB with %d full-page images, %d checkpoints; "
                        + "processor time java %.2f s, postgres %.2f s%n", round, (walAfter[0] - walBefore[0]) / 1048576.0,
                        walAfter[1] - walBefore[1], walAfter[2] - walBefore[2], cpu(ProcessHandle.current()).minus(cpuBefore[0]).toMillis() / 1e3,
                        cpuOfServer(server).minus(cpuBefore[1]).toMillis() / 1e3);

                double copySeconds = BenchDatabase.copySeconds(dataSource, file, true);
                System.out.printf(Locale.ROOT, "round %d: ratio=%.2f upload_s=%.2f copy_s=%.2f heap_peak_mb=%d%s%n", round,
                        uploadSeconds / copySeconds, uploadSeconds, copySeconds, heapPeak,
                        round == 1 ? " (the first upload of this JVM: it includes compiling the upload's code)" : "");
                results.add(new double[] { uploadSeconds / copySeconds, uploadSeconds, copySeconds, heapPeak });
            }
            // the round of median ratio, and the largest heap of all rounds
            List<double[]> sorted = new ArrayList<>(results);
            sorted.sort(Comparator.comparingDouble(r -> r[0]));
            double[] median = sorted.get((sorted.size() - 1) / 2);
            long heapPeak = (long) results.stream().mapToDouble(r -> r[3]).max().orElseThrow();
            System.out.printf(Locale.ROOT, "rounds: %d, ratios %s; the median round sums up%n", rounds,
                    results.stream().map(r -> String.format(Locale.ROOT, "%.2f", r[0])).toList());
            System.out.printf(Locale.ROOT, "upload_vs_copy ratio=%.2f upload_s=%.2f copy_s=%.2f heap_peak_mb=%d rows=%d%n",
                    median[0], median[1], median[2], heapPeak, size);
        } finally {
            Files.deleteIfExists(file);
            BenchInventory.delete(dataSource, seeded.parentId);
        }
    }

    /** Write-ahead log bytes and full-page images written so far, and checkpoints begun. */
    private long[] wal() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("select pg_stat_clear_snapshot()");
            try (var rs = st.executeQuery("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint, "
                    + "(select wal_fpi from pg_stat_wal), (select num_timed + num_requested from pg_stat_checkpointer)")) {
                rs.next();
                return new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
            }
        }
    }

    /** The database server's main process: the parent of a session's backend. */
    private ProcessHandle server() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow();
        }
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Processor time so far of the database server's processes (sessions that ended meanwhile are not counted). */
    private static Duration cpuOfServer(ProcessHandle server) {
        return server.children().map(UploadBenchmark::cpu).reduce(cpu(server), Duration::plus);
    }

    /** The tree's numbers as a status report, with the status of the numbers whose id ends in the given digit changed. */
    private void writeReport(BenchInventory seeded, Path file, int digit) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\n".getBytes(StandardCharsets.US_ASCII));
            seeded.writeRows(dataSource, out, digit, false);
        }
    }

    /** The largest heap in use (live and not yet collected), sampled every 5 ms during the upload. */
    private static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        private HeapSampler() {
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapSampler start() {
            System.gc();
            return new HeapSampler();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak >> 20;
        }
    }
}
