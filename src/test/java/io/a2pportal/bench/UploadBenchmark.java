package io.a2pportal.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

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
 * ten statuses changed, against PostgreSQL's COPY FROM STDIN of the same rows into a scratch table.
 * Run with {@code bench/upload.sh [rows]}; the last line sums up.
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
        BenchInventory seeded = BenchInventory.seed(dataSource, size);
        Path file = Files.createTempFile("status-report", ".csv");
        try {
            writeReport(seeded, file);
            System.out.printf(Locale.ROOT, "report file: %d rows, %.1f MB%n", size, Files.size(file) / 1048576.0);

            HeapSampler heap = HeapSampler.start();
            Account parent = QuarkusTransaction.requiringNew().call(() -> Account.findBySid(seeded.parentSid).orElseThrow());
            TenantScope owner = new TenantScope(parent, Role.OWNER, parent.id, null);
            long start = System.nanoTime();
            long id = uploads.receive(owner, "benchmark", "status-report.csv", file, Files.size(file));
            double uploadSeconds = (System.nanoTime() - start) / 1e9;
            long heapPeak = heap.stop();
            Upload upload = QuarkusTransaction.requiringNew().call(() -> Upload.findById(id));
            System.out.printf(Locale.ROOT, "upload: state=%s rows=%d added=%d updated=%d unchanged=%d in %.2f s%n",
                    upload.state, upload.rowsRead, upload.added, upload.updated, upload.unchanged, uploadSeconds);
            if (!"APPLIED".equals(upload.state.name())) {
                throw new AssertionError("The benchmark upload was not applied: " + upload.message);
            }

            double copySeconds = copy(file);
            System.out.printf(Locale.ROOT, "upload_vs_copy ratio=%.2f upload_s=%.2f copy_s=%.2f heap_peak_mb=%d rows=%d%n",
                    uploadSeconds / copySeconds, uploadSeconds, copySeconds, heapPeak, size);
        } finally {
            Files.deleteIfExists(file);
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("delete from number_status_history where root_account_id = " + seeded.parentId);
                st.execute("delete from upload where root_account_id = " + seeded.parentId);
            }
            BenchInventory.delete(dataSource, seeded.parentId);
        }
    }

    /** The tree's numbers as a status report, with one status in ten changed. */
    private void writeReport(BenchInventory seeded, Path file) throws Exception {
        try (Connection c = dataSource.getConnection(); OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\n".getBytes(StandardCharsets.US_ASCII));
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select a.sid, c.console_sid, s.sid, n.e164, "
                    + "case when n.id % 10 = 0 then (case when n.status = 'REGISTERED' then 'FAILURE' else 'REGISTERED' end) "
                    + "else n.status end from phone_number n join account a on a.id = n.account_id "
                    + "left join messaging_service s on s.id = n.messaging_service_id left join campaign c on c.id = s.campaign_id "
                    + "where n.root_account_id = " + seeded.parentId + " order by n.e164) to stdout with (format csv)", out);
        }
    }

    private double copy(Path file) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            st.execute("create temporary table copy_bench (account_sid varchar(34), campaign_sid varchar(34), "
                    + "service_sid varchar(34), e164 varchar(16), status varchar(32))");
            long start = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy copy_bench from stdin with (format csv, header true)", reader);
            double seconds = (System.nanoTime() - start) / 1e9;
            st.execute("drop table copy_bench");
            return seconds;
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
