package io.a2pportal.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.numbers.StatusLedger;
import io.a2pportal.numbers.StatusLedger.Observation;
import io.a2pportal.numbers.StatusLedger.Result;
import io.a2pportal.numbers.StatusLedger.Source;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The status ledger applying the N rows (default 1,000,000) of a status report of an inventory of
 * the same size, one in ten statuses changed, against COPY FROM STDIN of the same rows into a
 * scratch table; and applying only the changed tenth. In rounds (default 3), each changing another
 * tenth of the numbers after a checkpoint. The rows are read from a file and streamed to the
 * ledger, as an upload would. Run with {@code bench/ledger.sh [rows] [rounds]}.
 */
@QuarkusTest
@Tag("benchmark")
class LedgerBenchmark {

    @Inject
    DataSource dataSource;

    @Test
    void ledgerAgainstCopy() throws Exception {
        int size = Integer.getInteger("bench.rows", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        BenchInventory seeded = BenchInventory.seed(dataSource, size);
        Path all = Files.createTempFile("ledger-all", ".csv");
        Path changed = Files.createTempFile("ledger-changed", ".csv");
        try {
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                int digit = (round - 1) % 10;
                writeRows(seeded, all, digit, false);
                BenchDatabase.checkpoint(dataSource);
                Instant observedAt = Instant.now();
                long start = System.nanoTime();
                Result result = apply(seeded, all, observedAt);
                double ledgerSeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "round %d: all rows: observations=%d changed=%d unchanged=%d in %.2f s%n", round,
                        result.observations(), result.changed(), result.unchanged(), ledgerSeconds);
                if (result.changed() != seeded.changing(dataSource, digit) || result.observations() != size) {
                    throw new AssertionError("The ledger did not change a tenth of the numbers: " + result.changed());
                }
                double copySeconds = BenchDatabase.copySeconds(dataSource, all, false);

                // the next tenth, given as its changed rows alone
                int next = (digit + 5) % 10;
                writeRows(seeded, changed, next, true);
                BenchDatabase.checkpoint(dataSource);
                start = System.nanoTime();
                Result alone = apply(seeded, changed, Instant.now());
                double aloneSeconds = (System.nanoTime() - start) / 1e9;
                if (alone.changed() != alone.observations()) {
                    throw new AssertionError("Not every changed row changed its number: " + alone);
                }
                System.out.printf(Locale.ROOT, "round %d: ratio=%.2f ledger_s=%.2f copy_s=%.2f changed_only_s=%.2f (%d rows)%n",
                        round, ledgerSeconds / copySeconds, ledgerSeconds, copySeconds, aloneSeconds, alone.observations());
                results.add(new double[] { ledgerSeconds / copySeconds, ledgerSeconds, copySeconds, aloneSeconds });
            }
            List<double[]> sorted = new ArrayList<>(results);
            sorted.sort(Comparator.comparingDouble(r -> r[0]));
            double[] median = sorted.get((sorted.size() - 1) / 2);
            System.out.printf(Locale.ROOT, "ledger_vs_copy ratio=%.2f ledger_s=%.2f copy_s=%.2f changed_only_s=%.2f rows=%d%n",
                    median[0], median[1], median[2], median[3], size);
        } finally {
            Files.deleteIfExists(all);
            Files.deleteIfExists(changed);
            BenchInventory.delete(dataSource, seeded.parentId);
        }
    }

    /** Streams the file's rows to the ledger in one transaction, as an upload of the whole tree. */
    private Result apply(BenchInventory seeded, Path file, Instant observedAt) throws Exception {
        try (Connection c = dataSource.getConnection(); BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            c.setAutoCommit(false);
            if (Boolean.getBoolean("bench.explain")) {
                // the plans of the ledger's slow statements, in the database's log
                try (Statement st = c.createStatement()) {
                    st.execute("load 'auto_explain'");
                    st.execute("set local auto_explain.log_min_duration = 500");
                    st.execute("set local auto_explain.log_analyze = on");
                    st.execute("set local auto_explain.log_buffers = on");
                }
            }
            try (StatusLedger.Batch batch = StatusLedger.begin(c, seeded.parentId, null)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] v = line.split(",", -1);
                    batch.add(new Observation(v[3], v[0], RegistrationStatus.valueOf(v[4]), v[1].isEmpty() ? null : v[1],
                            v[2].isEmpty() ? null : v[2], observedAt, Source.API, null));
                }
                Result result = batch.apply();
                c.commit();
                return result;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The tree's numbers as status report rows, those whose id ends in the digit with another status (only those, if asked). */
    private void writeRows(BenchInventory seeded, Path file, int digit, boolean changedOnly) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            seeded.writeRows(dataSource, out, digit, changedOnly);
        }
    }
}
