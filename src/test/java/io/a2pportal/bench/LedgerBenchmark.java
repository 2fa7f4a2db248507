package io.a2pportal.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.Reader;
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
import org.postgresql.PGConnection;

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
                checkpoint();
                Instant observedAt = Instant.now();
                long start = System.nanoTime();
                Result result = apply(seeded, all, observedAt);
                double ledgerSeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "round %d: all rows: observations=%d changed=%d unchanged=%d in %.2f s%n", round,
                        result.observations(), result.changed(), result.unchanged(), ledgerSeconds);
                if (result.changed() != changing(seeded, digit) || result.observations() != size) {
                    throw new AssertionError("The ledger did not change a tenth of the numbers: " + result.changed());
                }
                double copySeconds = copy(all);

                // the next tenth, given as its changed rows alone
                int next = (digit + 5) % 10;
                writeRows(seeded, changed, next, true);
                checkpoint();
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
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("delete from number_status_history where root_account_id = " + seeded.parentId);
            }
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

    private long changing(BenchInventory seeded, int digit) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("select count(*) from phone_number where root_account_id = " + seeded.parentId
                        + " and id % 10 = " + digit)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void checkpoint() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("checkpoint");
        }
    }

    /** The tree's numbers as status report rows, those whose id ends in the digit with another status (only those, if asked). */
    private void writeRows(BenchInventory seeded, Path file, int digit, boolean changedOnly) throws Exception {
        try (Connection c = dataSource.getConnection(); OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select a.sid, c.console_sid, s.sid, n.e164, "
                    + "case when n.id % 10 = " + digit + " then (case when n.status = 'REGISTERED' then 'FAILURE' else 'REGISTERED' end) "
                    + "else n.status end from phone_number n join account a on a.id = n.account_id "
                    + "left join messaging_service s on s.id = n.messaging_service_id left join campaign c on c.id = s.campaign_id "
                    + "where n.root_account_id = " + seeded.parentId + (changedOnly ? " and n.id % 10 = " + digit : "")
                    + " order by n.e164) to stdout with (format csv)", out);
        }
    }

    private double copy(Path file) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            st.execute("create temporary table copy_bench (account_sid varchar(34), campaign_sid varchar(34), "
                    + "service_sid varchar(34), e164 varchar(16), status varchar(32))");
            long start = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy copy_bench from stdin with (format csv)", reader);
            double seconds = (System.nanoTime() - start) / 1e9;
            st.execute("drop table copy_bench");
            return seconds;
        }
    }
}
