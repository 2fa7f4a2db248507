package io.a2pportal.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.a2pportal.journeys.KeycloakServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged portal under load (bench/load.sh): the jar that {@code mvn package} builds, in the
 * production profile, on an embedded PostgreSQL with one parent account of 500 subaccounts and N
 * numbers, behind a real Keycloak. Logs in the users (half owners of the parent, half members of one
 * subaccount each) through Keycloak's login form, then drives the pages in two phases: a closed loop
 * (every user without pause: the most pages per second) and an open loop at a fixed rate, where each
 * request's latency is measured from the time it was due to be sent, so that a slow answer delays
 * no later request's clock (no coordinated omission). Loopback only; every phase is bounded in time.
 */
@Tag("benchmark")
class LoadBenchmark {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path DIR = Path.of("target/load");
    private static final int SUBACCOUNTS = 500;
    private static final String SEARCH = "5550";

    private final int numbers = Integer.getInteger("bench.numbers", 1_000_000);
    private final int users = Integer.getInteger("bench.users", 32);
    private final int seconds = Integer.getInteger("bench.seconds", 60);
    private final int warmup = Integer.getInteger("bench.warmup", 15);
    /** Seconds of each page alone (closed loop), for its own processor time and heap; 0 leaves it out. */
    private final int solo = Integer.getInteger("bench.solo", 5);
    private final int rate = Integer.getInteger("bench.rate", 100);
    private final int basePort = Integer.getInteger("bench.port", 8190);
    private final boolean jfr = Set.of("1", "true").contains(System.getProperty("bench.jfr", ""));

    private static final List<String> PAGES = List.of("first", "deep", "status", "subaccount", "attention", "search",
            "number", "troubleshooting", "reports");

    /** A logged-in user: its own HTTP client (cookies), and the paths of each page in its scope. */
    record User(String email, HttpClient http, Map<String, List<String>> paths) {
    }

    @Test
    void load() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: bench/load.sh packages the portal first");
        }
        Files.createDirectories(DIR);
        int keycloakPort = basePort;
        int httpPort = basePort + 2;
        int managementPort = basePort + 3;
        int postgresPort = basePort + 4;
        System.setProperty("keycloak.http-port", String.valueOf(keycloakPort));
        System.setProperty("keycloak.realm", realmWithUsers().toString());

        KeycloakServer keycloak = new KeycloakServer();
        Process portal = null;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setPort(postgresPort)
                .setServerConfig("max_connections", "200").setServerConfig("shared_buffers", "512MB")
                .setServerConfig("wal_buffers", "64MB").setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements").start()) {
            String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
            Map<String, String> oidc = keycloak.start();
            portal = launch(jdbcUrl, oidc, httpPort, managementPort);
            awaitReady(portal, managementPort);

            long seedStart = System.nanoTime();
            Map<String, Map<String, List<String>>> scopes;
            try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
                scopes = seed(db);
            }
            print("seeded numbers=%d subaccounts=%d in %.1f s", numbers, SUBACCOUNTS, (System.nanoTime() - seedStart) / 1e9);

            String base = "http://127.0.0.1:" + httpPort;
            List<User> logged = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String email = email(i);
                logged.add(new User(email, logIn(base, email), scopes.get(email)));
            }
            print("logged in users=%d", logged.size());

            long pid = portal.pid();
            closedLoop(base, logged, warmup, PAGES, null);
            print("warm-up %d s done", warmup);
            if (solo > 0) {
                print("each page alone, %d users without pause, %d s each:", users, solo);
                for (String page : PAGES) {
                    Usage start = Usage.of(pid, postgresPort);
                    Stats alone = new Stats();
                    long began = System.nanoTime();
                    closedLoop(base, logged, solo, List.of(page), alone);
                    double took = (System.nanoTime() - began) / 1e9;
                    Usage used = Usage.of(pid, postgresPort).minus(start);
                    print("  %-16s %6.1f pages/s p50_ms=%7.1f portal_cpu_ms=%6.2f postgres_cpu_ms=%6.2f errors=%d; heap %s", page,
                            alone.count() / took, alone.p50(page), used.portalNanos() / 1e6 / Math.max(1, alone.count()),
                            used.postgresNanos() / 1e6 / Math.max(1, alone.count()), alone.errors(), heap(pid));
                }
            }

            statements(jdbcUrl, "select pg_stat_statements_reset()");
            Usage before = Usage.of(pid, postgresPort);
            Stats a = new Stats();
            long aStart = System.nanoTime();
            closedLoop(base, logged, seconds, PAGES, a);
            double aSeconds = (System.nanoTime() - aStart) / 1e9;
            Usage afterA = Usage.of(pid, postgresPort);
            double maxRps = a.count() / aSeconds;
            print("phase a: closed loop, %d users without pause, %d s: %.0f pages/s, errors=%d", users, seconds, maxRps, a.errors());
            a.print("a", aSeconds);
            afterA.minus(before).print(a.count(), heap(pid));
            print("  the database's statements in phase a, by their time (ms a page of the mix; calls a page):");
            for (String line : statements(jdbcUrl, "select to_char(total_exec_time / " + Math.max(1, a.count())
                    + ", 'FM990.000') || ' ms ' || to_char(calls::numeric / " + Math.max(1, a.count())
                    + ", 'FM990.00') || ' calls  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) || ' ... ' || right(regexp_replace(query, '\\s+', ' ', 'g'), 110) from pg_stat_statements"
                    + " order by total_exec_time desc limit 12")) {
                print("    %s", line);
            }

            Stats b = new Stats();
            openLoop(base, logged, seconds, rate, b);
            Usage afterB = Usage.of(pid, postgresPort);
            print("phase b: open loop at %d pages/s, %d s, latency from the intended send time: errors=%d", rate, seconds, b.errors());
            b.print("b", seconds);
            afterB.minus(afterA).print(b.count(), heap(pid));

            print("load numbers=%d users=%d max_rps=%.0f rate=%d p99_max_ms=%.0f errors=%d", numbers, users, maxRps, rate,
                    b.worstP99(), a.errors() + b.errors());
        } finally {
            if (portal != null) {
                portal.destroy();
                if (!portal.waitFor(30, TimeUnit.SECONDS)) {
                    portal.destroyForcibly();
                }
            }
            keycloak.stop();
        }
    }

    private String email(int i) {
        return (i % 2 == 0 ? "load-owner-" : "load-member-") + (i / 2 + 1) + "@example.com";
    }

    /** The test realm with the load's users added; passwords follow the realm's rule. */
    private Path realmWithUsers() throws IOException {
        String realm = Files.readString(Path.of(System.getProperty("keycloak.realm", "deploy/keycloak/a2p-portal-realm.json")));
        StringBuilder added = new StringBuilder();
        for (int i = 0; i < users; i++) {
            String email = email(i);
            added.append("{\"username\":\"").append(email).append("\",\"email\":\"").append(email)
                    .append("\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Load\",\"lastName\":\"User ")
                    .append(i + 1).append("\",\"credentials\":[{\"type\":\"password\",\"value\":\"")
                    .append(KeycloakServer.PASSWORD_PREFIX).append(email, 0, email.indexOf('@'))
                    .append("\",\"temporary\":false}],\"realmRoles\":[\"default-roles-a2p-portal\"]},");
        }
        Matcher users = Pattern.compile("\"users\"\\s*:\\s*\\[").matcher(realm);
        if (!users.find()) {
            throw new IllegalStateException("the realm file has no users");
        }
        Path file = DIR.resolve("load-realm.json");
        Files.writeString(file, realm.substring(0, users.end()) + added + realm.substring(users.end()));
        return file;
    }

    private Process launch(String jdbcUrl, Map<String, String> oidc, int port, int managementPort) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        if (jfr) {
            command.add("-XX:FlightRecorderOptions=stackdepth=512");
            command.add("-XX:StartFlightRecording=filename=" + DIR.resolve("portal.jfr") + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("portal.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidc.get("quarkus.oidc.auth-server-url"));
        env.put("QUARKUS_OIDC_CLIENT_ID", oidc.get("quarkus.oidc.client-id"));
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", oidc.get("quarkus.oidc.credentials.secret"));
        env.put("QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", oidc.get("quarkus.oidc.token-state-manager.encryption-secret"));
        env.put("PORTAL_BASE_URL", "https://portal.example.test");
        env.put("PORTAL_SECRETS_KEY", "bG9hZC1iZW5jaG1hcmstdGVzdC1rZXktMzItYnl0ZXM=");
        env.put("QUARKUS_MAILER_MOCK", "true");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s");
        return builder.start();
    }

    private static void awaitReady(Process portal, int managementPort) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!portal.isAlive()) {
                throw new IllegalStateException("the portal exited with " + portal.exitValue() + "; see " + DIR.resolve("portal.log"));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the portal was not ready in 120 s; see " + DIR.resolve("portal.log"));
    }

    /**
     * One parent, 500 subaccounts, a brand, campaign and service each, and the numbers spread over
     * them (E.164 numbers scattered over the range, so that number order is not insertion order);
     * the users' memberships. Returns each user's page paths.
     */
    private Map<String, Map<String, List<String>>> seed(Connection db) throws SQLException {
        Map<String, Map<String, List<String>>> paths = new HashMap<>();
        try (Statement st = db.createStatement()) {
            db.setAutoCommit(false);
            long parent;
            try (ResultSet rs = st.executeQuery("insert into account (sid, name) values ('AC' || md5('load-parent'), 'Load parent') "
                    + "returning id")) {
                rs.next();
                parent = rs.getLong(1);
            }
            st.execute("insert into account (sid, name, parent_id) select 'AC' || md5('load-sub-' || g), 'Load subaccount ' || g, "
                    + parent + " from generate_series(1, " + SUBACCOUNTS + ") g");
            st.execute("insert into brand (sid, account_id, name, brand_type, status) select 'BN' || md5('bn' || id), id, name, "
                    + "'STANDARD', 'APPROVED' from account where root_id = " + parent);
            st.execute("insert into campaign (sid, console_sid, account_id, brand_id, brand_type, use_case, status) "
                    + "select 'QE' || md5('qe' || b.id), 'CM' || md5('cm' || b.id), b.account_id, b.id, 'STANDARD', 'MIXED', "
                    + "case when b.id % 4 = 0 then 'IN_PROGRESS' else 'VERIFIED' end from brand b");
            st.execute("insert into messaging_service (sid, account_id, campaign_id, name) select 'MG' || md5('mg' || c.id), "
                    + "c.account_id, c.id, 'Load service' from campaign c");
            st.execute("create temporary table load_service as select row_number() over (order by s.id) - 1 as idx, s.id, s.sid, "
                    + "c.console_sid, s.account_id from messaging_service s join campaign c on c.id = s.campaign_id");
            // 7919 is prime to 8,000,000,000: g -> 2,000,000,000 + 7919 g mod 8e9 gives each g its own number
            st.execute("insert into phone_number (sid, e164, account_id, root_account_id, messaging_service_id, status, "
                    + "joined_service_at, status_changed_at, reported_campaign_sid, reported_service_sid) "
                    + "select 'PN' || md5('pn' || g), '+1' || (2000000000 + (g * 7919) % 8000000000), s.account_id, " + parent
                    + ", s.id, (array['REGISTERED','REGISTERED','REGISTERED','REGISTERED','REGISTERED','REGISTERED',"
                    + "'PENDING_REGISTRATION','UNREGISTERED','PENDING_DEREGISTRATION','FAILURE'])[1 + (g * 7) % 10], "
                    + "now() - (g % 30) * interval '1 day', now(), s.console_sid, s.sid "
                    + "from generate_series(1::bigint, " + numbers + ") g join load_service s on s.idx = g % " + (SUBACCOUNTS + 1));
            st.execute("drop table load_service");
            List<String> subs = new ArrayList<>();
            List<Long> subIds = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select id, sid from account where parent_id = " + parent + " order by id")) {
                while (rs.next()) {
                    subIds.add(rs.getLong(1));
                    subs.add(rs.getString(2));
                }
            }
            try (PreparedStatement member = db.prepareStatement(
                    "insert into membership (account_id, email, role, created_by) values (?, ?, ?, 'LoadBenchmark')")) {
                for (int i = 0; i < users; i++) {
                    boolean owner = i % 2 == 0;
                    member.setLong(1, owner ? parent : subIds.get(i / 2));
                    member.setString(2, email(i));
                    member.setString(3, owner ? "OWNER" : "MEMBER");
                    member.executeUpdate();
                }
            }
            db.commit();
            db.setAutoCommit(true);
            st.execute("vacuum analyze");

            Map<String, List<String>> tree = pathsOf(db, "n.root_account_id = " + parent, subs.get(subs.size() / 2));
            for (int i = 0; i < users; i++) {
                paths.put(email(i), i % 2 == 0 ? withSubaccount(tree, subs.get((i * 37) % subs.size()))
                        : pathsOf(db, "n.account_id = " + subIds.get(i / 2), subs.get(i / 2)));
            }
        }
        return paths;
    }

    private static Map<String, List<String>> withSubaccount(Map<String, List<String>> tree, String sub) {
        Map<String, List<String>> paths = new HashMap<>(tree);
        paths.put("subaccount", List.of("/numbers?account=" + sub));
        return paths;
    }

    /** The paths of each page in a scope: a deep page starts at 90 % of its numbers, number pages of 20 of them. */
    private static Map<String, List<String>> pathsOf(Connection db, String scope, String sub) throws SQLException {
        Map<String, List<String>> paths = new HashMap<>();
        long count = single(db, "select count(*) from phone_number n where " + scope);
        String deep = single(db, "select e164 from phone_number n where " + scope + " order by e164 offset " + (count * 9 / 10)
                + " limit 1");
        paths.put("first", List.of("/numbers"));
        paths.put("deep", List.of("/numbers?after=" + URLEncoder.encode(deep, StandardCharsets.UTF_8) + "&from=" + (count * 9 / 10 + 1)));
        paths.put("status", List.of("/numbers?status=FAILURE"));
        paths.put("subaccount", List.of("/numbers?account=" + sub));
        paths.put("attention", List.of("/numbers?attention=1"));
        paths.put("search", List.of("/numbers?q=" + SEARCH));
        List<String> numberPages = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select sid from phone_number n where " + scope
                + " and n.id % 97 = 0 limit 20")) {
            while (rs.next()) {
                numberPages.add("/numbers/" + rs.getString(1));
            }
        }
        paths.put("number", numberPages);
        paths.put("troubleshooting", List.of("/troubleshooting"));
        paths.put("reports", List.of("/reports"));
        return paths;
    }

    @SuppressWarnings("unchecked")
    private static <T> T single(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return (T) rs.getObject(1);
        }
    }

    /**
     * Logs in through Keycloak's login form, as a browser without JavaScript does. Keycloak marks its
     * cookies Secure even on plain HTTP at 127.0.0.1, which a browser accepts for a loopback address
     * and the JDK's cookie manager does not send: the flag is dropped as the cookies arrive.
     */
    private static HttpClient logIn(String base, String email) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL) {
            @Override
            public void put(URI uri, Map<String, List<String>> headers) throws IOException {
                Map<String, List<String>> plain = new HashMap<>();
                headers.forEach((name, values) -> plain.put(name, name != null && name.equalsIgnoreCase("set-cookie")
                        ? values.stream().map(v -> v.replaceAll("(?i);\\s*secure", "")).toList() : values));
                super.put(uri, plain);
            }
        };
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.ALWAYS)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/numbers")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"")
                .matcher(login.body());
        if (!action.find()) {
            throw new IllegalStateException("no Keycloak login form for " + email + " at " + login.uri() + ": " + login.statusCode());
        }
        String url = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(KeycloakServer.PASSWORD_PREFIX + email.substring(0, email.indexOf('@')), StandardCharsets.UTF_8)
                + "&credentialId=";
        HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (landed.statusCode() != 200 || !landed.uri().toString().startsWith(base) || !landed.body().contains("Active numbers")) {
            throw new IllegalStateException(email + " did not land on Active Numbers: " + landed.statusCode() + " " + landed.uri());
        }
        // the load's requests follow no redirect: one to the login would be an error, not a page
        return HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpRequest request(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build();
    }

    /** Every user sends its next page as soon as the last one has come: the most pages per second the portal serves. */
    private static void closedLoop(String base, List<User> users, int seconds, List<String> pages, Stats stats)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            User user = users.get(u);
            int offset = u;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; System.nanoTime() < end; k++) {
                    String page = pages.get((k + offset) % pages.size());
                    List<String> paths = user.paths().get(page);
                    long start = System.nanoTime();
                    int code;
                    try {
                        code = user.http().send(request(base, paths.get(k % paths.size())), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (IOException | InterruptedException e) {
                        code = -1;
                    }
                    if (stats != null) {
                        stats.add(page, System.nanoTime() - start, code);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /**
     * Request i is due at start + i / rate, whether or not earlier ones have come back, and its
     * latency counts from then: a dispatcher that falls behind, or a queue in the server, shows in
     * the figures instead of hiding them.
     */
    private static void openLoop(String base, List<User> users, int seconds, int rate, Stats stats) throws InterruptedException {
        int total = seconds * rate;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        AtomicInteger pending = new AtomicInteger(total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            User user = users.get(i % users.size());
            String page = PAGES.get(i % PAGES.size());
            List<String> paths = user.paths().get(page);
            user.http().sendAsync(request(base, paths.get((i / PAGES.size()) % paths.size())), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        stats.add(page, System.nanoTime() - due, failure != null ? -1 : response.statusCode());
                        pending.decrementAndGet();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stats.lost(pending.get());
    }

    /** Latencies per page, and the errors (a status other than 200, or no answer). */
    static final class Stats {
        private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        private final AtomicLong lost = new AtomicLong();
        private final Map<Integer, AtomicInteger> codes = new ConcurrentHashMap<>();

        void add(String page, long nanos, int code) {
            List<Long> list = latencies.computeIfAbsent(page, p -> new ArrayList<>());
            synchronized (list) {
                list.add(nanos);
            }
            if (code != 200) {
                errors.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
                codes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            }
        }

        void lost(int requests) {
            lost.addAndGet(requests);
        }

        long count() {
            return latencies.values().stream().mapToLong(List::size).sum();
        }

        long errors() {
            return errors.values().stream().mapToLong(AtomicInteger::get).sum() + lost.get();
        }

        double p50(String page) {
            return latencies.containsKey(page) ? percentile(sorted(page), 0.5) : 0;
        }

        double worstP99() {
            return PAGES.stream().filter(latencies::containsKey).mapToDouble(p -> percentile(sorted(p), 0.99)).max().orElse(0);
        }

        private long[] sorted(String page) {
            List<Long> list = latencies.get(page);
            synchronized (list) {
                long[] values = list.stream().mapToLong(Long::longValue).toArray();
                Arrays.sort(values);
                return values;
            }
        }

        private static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        void print(String phase, double seconds) {
            for (String page : PAGES) {
                if (!latencies.containsKey(page)) {
                    continue;
                }
                long[] values = sorted(page);
                LoadBenchmark.print("  %s %-16s n=%6d rps=%6.1f p50_ms=%7.1f p95_ms=%7.1f p99_ms=%7.1f max_ms=%7.1f errors=%d", phase,
                        page, values.length, values.length / seconds, percentile(values, 0.5), percentile(values, 0.95),
                        percentile(values, 0.99), values[values.length - 1] / 1e6,
                        errors.getOrDefault(page, new AtomicInteger()).get());
            }
            if (!codes.isEmpty() || lost.get() > 0) {
                LoadBenchmark.print("  %s errors by status: %s, unanswered after the phase: %d", phase, codes, lost.get());
            }
        }
    }

    /** Processor time of the portal and of PostgreSQL's processes. */
    record Usage(long portalNanos, long postgresNanos) {
        static Usage of(long portalPid, int postgresPort) {
            long portal = cpu(ProcessHandle.of(portalPid).stream());
            // the server's processes: its postmaster (found by its port) and the backends it forked
            long postgres = cpu(ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                    .map(args -> String.join(" ", args).contains("-p " + postgresPort + " ")).orElse(false))
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())));
            return new Usage(portal, postgres);
        }

        private static long cpu(java.util.stream.Stream<ProcessHandle> processes) {
            return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }

        Usage minus(Usage earlier) {
            return new Usage(portalNanos - earlier.portalNanos, postgresNanos - earlier.postgresNanos);
        }

        void print(long pages, String heap) {
            LoadBenchmark.print("  processor per page: portal_ms=%.2f postgres_ms=%.2f; portal heap: %s",
                    portalNanos / 1e6 / Math.max(1, pages), postgresNanos / 1e6 / Math.max(1, pages), heap);
        }
    }

    /** The portal's heap as jcmd reports it (in use, committed, and the collections so far). */
    /** The first column of each row of a query (the statement statistics of the database). */
    private static List<String> statements(String jdbcUrl, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement statement = db.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
        }
        return rows;
    }

    private static String heap(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid),
                    "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(10, TimeUnit.SECONDS);
            Matcher total = Pattern.compile("committed (\\d+)K, used (\\d+)K").matcher(out);
            return total.find() ? String.format(Locale.ROOT, "used_mb=%d committed_mb=%d", Long.parseLong(total.group(2)) / 1024,
                    Long.parseLong(total.group(1)) / 1024) : out.strip().replace('\n', ' ');
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e + ")";
        }
    }

    static void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        try {
            Files.writeString(DIR.resolve("load.txt"), line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
