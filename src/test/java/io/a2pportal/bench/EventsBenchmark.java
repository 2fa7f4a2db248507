package io.a2pportal.bench;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.a2pportal.events.VendorEvents;
import io.a2pportal.events.VendorSignature;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.web.PublicAddress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Sustained ingest through the Event Streams sink: {@code bench.threads} clients (default 8) post
 * signed batches of {@code bench.batch} number events (default 25, one subaccount's each, as the
 * vendor batches them) for the numbers of a seeded tree of 100 subaccounts, each with its own auth
 * token, at {@code bench.rate} events per second in all (default 2,500) for {@code bench.seconds}
 * (default 60); 2 % of the deliveries are sent a second time. Every event changes its number's
 * status. Prints the events acknowledged per second, the acknowledgement latency, the lag from the
 * acknowledgement to the status showing in phone_number (1 event in 10 sampled), the events lost
 * (acknowledged, and never recorded, or the number not at its latest event's status) and those
 * applied twice. Run with {@code bench/events.sh [seconds] [threads] [rate]}.
 */
@QuarkusTest
@Tag("benchmark")
class EventsBenchmark {

    private static final RegistrationStatus[] CYCLE = { RegistrationStatus.PENDING_REGISTRATION, RegistrationStatus.REGISTERED,
            RegistrationStatus.PENDING_DEREGISTRATION, RegistrationStatus.UNREGISTERED, RegistrationStatus.FAILURE };
    private static final Map<RegistrationStatus, String> TYPE = Map.of(
            RegistrationStatus.PENDING_REGISTRATION, "number-registration.pending",
            RegistrationStatus.REGISTERED, "number-registration.successful",
            RegistrationStatus.PENDING_DEREGISTRATION, "number-deregistration.pending",
            RegistrationStatus.UNREGISTERED, "number-deregistration.successful",
            RegistrationStatus.FAILURE, "number-registration.failed");

    @Inject
    DataSource dataSource;

    @Inject
    SecretBox secrets;

    @Inject
    PublicAddress address;

    @TestHTTPResource("/")
    URL local;

    /** A number as a client thread sees it: its account's token, its current status and last event time. */
    private static final class Number {
        final String e164;
        final String accountSid;
        RegistrationStatus status;
        long lastTimestamp;

        Number(String e164, String accountSid, RegistrationStatus status) {
            this.e164 = e164;
            this.accountSid = accountSid;
            this.status = status;
        }
    }

    private record Sample(String e164, long timestamp, long ackedAt) {
    }

    private record ClientResult(List<Long> ackNanos, List<String> ids, long events, long resent, long failed) {
    }

    @Test
    void sustainedIngest() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int threads = Integer.getInteger("bench.threads", 8);
        int rate = Integer.getInteger("bench.rate", 2500);
        int batchSize = Integer.getInteger("bench.batch", 25);
        int size = Integer.getInteger("bench.numbers", 20_000);
        BenchInventory seeded = BenchInventory.seed(dataSource, size);
        String sinkId = SecretBox.newId(16);
        Map<String, String> tokens = new HashMap<>();
        Map<String, List<Number>> byAccount = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement st = c.prepareStatement("insert into event_sink (id, root_account_id, basic_user, "
                    + "basic_password_hash, created_by) values (?, ?, 'vendor', ?, 'bench')")) {
                st.setString(1, sinkId);
                st.setLong(2, seeded.parentId);
                st.setString(3, SecretBox.hash(SecretBox.newSecret()));
                st.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select a.id, a.sid from account a "
                    + "where a.root_id = " + seeded.parentId);
                    PreparedStatement insert = c.prepareStatement("insert into account_auth_token (account_id, key_id, sealed, "
                            + "hint, set_by) values (?, ?, ?, 'xxxx', 'bench')")) {
                while (rs.next()) {
                    String token = SecretBox.newSecret().substring(0, 32);
                    tokens.put(rs.getString(2), token);
                    insert.setLong(1, rs.getLong(1));
                    insert.setString(2, secrets.keyId());
                    insert.setBytes(3, secrets.seal(token));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select n.e164, a.sid, n.status "
                    + "from phone_number n join account a on a.id = n.account_id where n.root_account_id = " + seeded.parentId)) {
                while (rs.next()) {
                    byAccount.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new Number(rs.getString(1), rs.getString(2), RegistrationStatus.valueOf(rs.getString(3))));
                }
            }
        }
        List<String> accounts = new ArrayList<>(byAccount.keySet());
        Collections.sort(accounts);
        String path = "/events/" + sinkId;
        String sinkUrl = address.url(path);
        String target = local.toString().replaceAll("/$", "");

        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        Future<?> poller = pool.submit(() -> poll(seeded.parentId, samples, lags, sending));
        List<Future<ClientResult>> clients = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        double interval = 1e9 * batchSize * threads / rate;
        for (int i = 0; i < threads; i++) {
            List<String> mine = new ArrayList<>();
            for (int a = i; a < accounts.size(); a += threads) {
                mine.add(accounts.get(a));
            }
            int client = i;
            clients.add(pool.submit(() -> client(client, mine, byAccount, tokens, sinkUrl, target + path, batchSize, start, end,
                    interval, samples)));
        }
        List<Long> acks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long events = 0;
        long resent = 0;
        long failed = 0;
        for (Future<ClientResult> f : clients) {
            ClientResult r = f.get();
            acks.addAll(r.ackNanos());
            ids.addAll(r.ids());
            events += r.events();
            resent += r.resent();
            failed += r.failed();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        // the inbox drains what is left
        long drainedBy = System.nanoTime() + 120_000_000_000L;
        while (pending(sinkId) > 0 && System.nanoTime() < drainedBy) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        sending.set(false);
        poller.get();
        pool.shutdown();

        long recorded;
        long lostStatus;
        long applied;
        long duplicates;
        long superseded;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement st = c.prepareStatement("select count(*), count(*) filter (where outcome = 'APPLIED'), "
                    + "count(*) filter (where outcome = 'SUPERSEDED') from event_received where root_account_id = ? "
                    + "and event_id = any (?)")) {
                st.setLong(1, seeded.parentId);
                st.setArray(2, c.createArrayOf("varchar", ids.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    recorded = rs.getLong(1);
                    applied = rs.getLong(2);
                    superseded = rs.getLong(3);
                }
            }
            List<String> e164s = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            for (List<Number> numbers : byAccount.values()) {
                for (Number n : numbers) {
                    if (n.lastTimestamp > 0) {
                        e164s.add(n.e164);
                        statuses.add(n.status.name());
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("select count(*) from unnest(?::varchar[], ?::varchar[]) x(e164, status) "
                    + "join phone_number n on n.root_account_id = ? and n.e164 = x.e164 where n.status <> x.status")) {
                st.setArray(1, c.createArrayOf("varchar", e164s.toArray()));
                st.setArray(2, c.createArrayOf("varchar", statuses.toArray()));
                st.setLong(3, seeded.parentId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    lostStatus = rs.getLong(1);
                }
            }
            try (PreparedStatement st = c.prepareStatement("select coalesce(sum(n - 1), 0) from (select count(*) as n "
                    + "from number_status_history where root_account_id = ? and source = 'EVENT' group by source_ref) h")) {
                st.setLong(1, seeded.parentId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    duplicates = rs.getLong(1);
                }
            }
        }
        long lost = (ids.size() - recorded) + lostStatus;
        Collections.sort(acks);
        List<Long> lagList = new ArrayList<>(lags);
        Collections.sort(lagList);
        System.out.printf(Locale.ROOT, "events: %d acknowledged in %.1f s (%d deliveries, %d sent twice, %d not acknowledged); "
                + "recorded %d, applied %d, superseded %d (out of order between concurrent drains), numbers off their last status %d;"
                + " lag samples %d%n", events, elapsed, acks.size(), resent, failed, recorded, applied, superseded, lostStatus,
                lagList.size());
        System.out.printf(Locale.ROOT, "events events_per_s=%d ack_p50_ms=%d ack_p99_ms=%d lag_p99_ms=%d lost=%d duplicates=%d%n",
                Math.round(events / elapsed), percentile(acks, 50) / 1_000_000, percentile(acks, 99) / 1_000_000,
                percentile(lagList, 99), lost, duplicates);
    }

    private ClientResult client(int client, List<String> accounts, Map<String, List<Number>> byAccount, Map<String, String> tokens,
            String sinkUrl, String target, int batchSize, long start, long end, double interval, ConcurrentLinkedQueue<Sample> samples)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> acks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long events = 0;
        long resent = 0;
        long failed = 0;
        int[] cursor = new int[accounts.size()];
        long sent = 0;
        long seq = 0;
        while (true) {
            long due = start + (long) (sent * interval);
            long now = System.nanoTime();
            if (due >= end || now >= end) {
                break;
            }
            if (due > now) {
                Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
            }
            String account = accounts.get((int) (sent % accounts.size()));
            List<Number> numbers = byAccount.get(account);
            int at = (int) (sent % accounts.size());
            StringBuilder body = new StringBuilder("[");
            List<String> batchIds = new ArrayList<>();
            List<Sample> batchSamples = new ArrayList<>();
            for (int e = 0; e < batchSize; e++) {
                Number n = numbers.get(cursor[at]++ % numbers.size());
                RegistrationStatus next = CYCLE[(indexOf(n.status) + 1) % CYCLE.length];
                long timestamp = Math.max(System.currentTimeMillis(), n.lastTimestamp + 1);
                String id = "EV" + client + "-" + seq++;
                if (e > 0) {
                    body.append(',');
                }
                body.append("{\"specversion\":\"1.0\",\"type\":\"").append(VendorEvents.GROUP).append(TYPE.get(next))
                        .append("\",\"source\":\"bench\",\"id\":\"").append(id)
                        .append("\",\"dataschema\":\"https://events-schemas.twilio.com/A2P.NumberRegistration/2\",\"data\":{")
                        .append("\"id\":\"").append(id).append("\",\"phonenumber\":\"").append(n.e164)
                        .append("\",\"phonenumbersid\":\"PN00000000000000000000000000000000\",\"accountsid\":\"").append(n.accountSid)
                        .append("\",\"externalstatus\":\"").append(next.name().toLowerCase(Locale.ROOT))
                        .append("\",\"failurereason\":\"\",\"timestamp\":").append(timestamp).append(",\"updateddate\":")
                        .append(timestamp).append("}}");
                n.status = next;
                n.lastTimestamp = timestamp;
                batchIds.add(id);
                if (seq % 10 == 0) {
                    batchSamples.add(new Sample(n.e164, timestamp, 0));
                }
            }
            body.append(']');
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            String url = VendorSignature.urlFor(sinkUrl, bytes);
            String signature = VendorSignature.sign(tokens.get(account), url);
            HttpRequest request = HttpRequest.newBuilder(URI.create(target + url.substring(sinkUrl.length())))
                    .header("Content-Type", "application/json").header(VendorSignature.HEADER, signature)
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            sent++;
            long t0 = System.nanoTime();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = -1;
            }
            long t1 = System.nanoTime();
            if (status / 100 == 2) {
                acks.add(t1 - t0);
                ids.addAll(batchIds);
                events += batchSize;
                for (Sample s : batchSamples) {
                    samples.add(new Sample(s.e164(), s.timestamp(), t1));
                }
                if (sent % 50 == 0) {
                    // the vendor retries: the same delivery again, applied nothing more
                    int again = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    resent += again / 100 == 2 ? 1 : 0;
                }
            } else {
                failed++;
            }
        }
        return new ClientResult(acks, ids, events, resent, failed);
    }

    /** Watches the sampled numbers until their status shows the event, and records how long that took from its acknowledgement. */
    private void poll(long rootId, ConcurrentLinkedQueue<Sample> samples, List<Long> lags, AtomicBoolean sending) {
        List<Sample> waiting = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select e164, (extract(epoch from status_observed_at) * 1000)::bigint "
                        + "from phone_number where root_account_id = ? and e164 = any (?)")) {
            int after = 0;
            // after the sending, the inbox has drained: a few more looks see the last samples' statuses
            while (sending.get() || !samples.isEmpty() || !waiting.isEmpty() && after++ < 20) {
                for (Sample s = samples.poll(); s != null; s = samples.poll()) {
                    waiting.add(s);
                }
                if (waiting.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                Map<String, Long> observed = new HashMap<>();
                st.setLong(1, rootId);
                st.setArray(2, c.createArrayOf("varchar", waiting.stream().map(Sample::e164).distinct().toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        observed.put(rs.getString(1), rs.getLong(2));
                    }
                }
                long now = System.nanoTime();
                waiting.removeIf(s -> {
                    Long at = observed.get(s.e164());
                    if (at != null && at >= s.timestamp()) {
                        lags.add((now - s.ackedAt()) / 1_000_000);
                        return true;
                    }
                    return false;
                });
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("The lag poller failed", e);
        }
    }

    private long pending(String sinkId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select count(*) from event_delivery where sink_id = ? and processed_at is null")) {
            st.setString(1, sinkId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int indexOf(RegistrationStatus status) {
        for (int i = 0; i < CYCLE.length; i++) {
            if (CYCLE[i] == status) {
                return i;
            }
        }
        return 0;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
