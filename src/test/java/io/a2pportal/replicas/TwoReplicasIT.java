package io.a2pportal.replicas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.a2pportal.journeys.KeycloakServer;
import io.a2pportal.journeys.PortalBrowser;
import io.a2pportal.secrets.SecretBox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Two instances of the packaged portal on one database, as the Helm chart runs its replicas: a
 * report requested on either is generated once (one claim, one ready mail) and downloads the same
 * bytes from both, and the session cookie one instance issues is accepted by the other. Runs the
 * jar that {@code mvn package} builds, with the production profile, against a real Keycloak.
 */
class TwoReplicasIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path LOGS = Path.of("target/replicas");
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String OWNER = "parent-owner@example.com";

    private static EmbeddedPostgres postgres;
    private static KeycloakServer keycloak;
    private static final List<Instance> instances = new ArrayList<>();
    private static Thread shutdownHook;
    private static Map<String, String> oidcConfig;

    private static String parentSid;
    private static String subSid;
    private static final List<String> expectedRows = new ArrayList<>();

    /** One portal process: its HTTP and management ports and its log. */
    record Instance(String name, int port, int managementPort, Process process, Path log) {
        URL url(String path) throws IOException {
            return URI.create("http://127.0.0.1:" + port + path).toURL();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR),
                JAR + " is missing: run `mvn package` first (mvn verify builds it before this test)");
        Files.createDirectories(LOGS);
        shutdownHook = new Thread(TwoReplicasIT::stopAll);
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        CompletableFuture<Map<String, String>> oidc = CompletableFuture.supplyAsync(() -> {
            keycloak = new KeycloakServer();
            return keycloak.start();
        });
        postgres = EmbeddedPostgres.builder()
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .start();
        oidcConfig = oidc.get(4, TimeUnit.MINUTES);

        // both start at once on an empty database, as a rollout does: Flyway's lock lets one migrate
        instances.add(launch("instance-1", oidcConfig));
        instances.add(launch("instance-2", oidcConfig));
        for (Instance instance : instances) {
            awaitReady(instance);
        }
        createTenant();
    }

    private static Instance launch(String name, Map<String, String> oidc) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Path log = LOGS.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidc.get("quarkus.oidc.auth-server-url"));
        env.put("QUARKUS_OIDC_CLIENT_ID", oidc.get("quarkus.oidc.client-id"));
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", oidc.get("quarkus.oidc.credentials.secret"));
        // the one secret all replicas share, so that each can read the session cookie another wrote
        env.put("QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", oidc.get("quarkus.oidc.token-state-manager.encryption-secret"));
        env.put("PORTAL_BASE_URL", "https://portal.example.test");
        // the key sealing the vendor's auth tokens, the same on every replica (production refuses the development one)
        env.put("PORTAL_SECRETS_KEY", "dHdvLXJlcGxpY2FzLXRlc3Qta2V5LTMyLWJ5dGVzLSE=");
        env.put("QUARKUS_MAILER_MOCK", "true");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        // shorter waits than production's, so that the test does not idle
        env.put("PORTAL_JOBS_POLLING_INTERVAL", "500ms");
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s");
        Process process = builder.start();
        return new Instance(name, port, managementPort, process, log);
    }

    private static void awaitReady(Instance instance) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.managementPort() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!instance.process().isAlive()) {
                throw new IllegalStateException(instance.name() + " exited with " + instance.process().exitValue()
                        + "; see " + instance.log());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    HttpResponse<Void> home = client.send(HttpRequest.newBuilder(instance.url("/").toURI()).build(),
                            HttpResponse.BodyHandlers.discarding());
                    assertEquals(302, home.statusCode(), instance.name() + " sends an anonymous visitor to the login");
                    assertTrue(home.headers().firstValue("Location").orElse("").startsWith(keycloakRealmPrefix()),
                            home.headers().toString());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(instance.name() + " was not ready within " + STARTUP + "; see " + instance.log());
    }

    private static String keycloakRealmPrefix() {
        return oidcConfig.get("quarkus.oidc.auth-server-url") + "/";
    }

    /** A parent account with a subaccount, the realm's owner as its member, and three numbers, written as the portal stores them. */
    private static void createTenant() throws SQLException {
        parentSid = "AC" + UUID.randomUUID().toString().replace("-", "");
        subSid = "AC" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = connect()) {
            long parent = insertAccount(db, parentSid, "Replica Parent", null);
            long sub = insertAccount(db, subSid, "Replica Subaccount", parent);
            try (PreparedStatement member = db.prepareStatement(
                    "insert into membership (account_id, email, role, created_by) values (?, ?, 'OWNER', 'TwoReplicasIT')")) {
                member.setLong(1, parent);
                member.setString(2, OWNER);
                member.executeUpdate();
            }
            addNumber(db, parentSid, parent, parent, "+15550100001", "REGISTERED");
            addNumber(db, parentSid, parent, parent, "+15550100002", "PENDING_REGISTRATION");
            addNumber(db, subSid, sub, parent, "+15550100003", "FAILURE");
        }
    }

    private static long insertAccount(Connection db, String sid, String name, Long parent) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("insert into account (sid, name, parent_id) values (?, ?, ?) returning id")) {
            insert.setString(1, sid);
            insert.setString(2, name);
            insert.setObject(3, parent);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    private static void addNumber(Connection db, String accountSid, long account, long root, String e164, String status)
            throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "insert into phone_number (sid, e164, account_id, root_account_id, status) values (?, ?, ?, ?, ?)")) {
            insert.setString(1, "PN" + UUID.randomUUID().toString().replace("-", ""));
            insert.setString(2, e164);
            insert.setLong(3, account);
            insert.setLong(4, root);
            insert.setString(5, status);
            insert.executeUpdate();
        }
        expectedRows.add(accountSid + ",,," + e164 + "," + status);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1"));
    }

    /**
     * The vendor's deliveries reach either replica (the load balancer picks); each replica drains the
     * one inbox: every event is applied once, a repeated one not again, whichever replica took it.
     */
    @Test
    void eventsDeliveredToEitherReplicaAreAppliedOnce() throws Exception {
        String password = SecretBox.newSecret();
        String sinkId = SecretBox.newId(16);
        String rootSid = "AC" + UUID.randomUUID().toString().replace("-", "");
        String accountSid = "AC" + UUID.randomUUID().toString().replace("-", "");
        long root;
        try (Connection db = connect()) {
            root = insertAccount(db, rootSid, "Replica Events Parent", null);
            insertAccount(db, accountSid, "Replica Events Subaccount", root);
            try (PreparedStatement sink = db.prepareStatement("insert into event_sink (id, root_account_id, basic_user, "
                    + "basic_password_hash, created_by) values (?, ?, 'vendor', ?, 'TwoReplicasIT')")) {
                sink.setString(1, sinkId);
                sink.setLong(2, root);
                sink.setString(3, SecretBox.hash(password));
                sink.executeUpdate();
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("vendor:" + password).getBytes(StandardCharsets.UTF_8));
        long at = System.currentTimeMillis() + 60_000;
        // 30 deliveries of 10 events, alternately to each replica; each event comes in two deliveries, one to each
        for (int d = 0; d < 30; d++) {
            StringBuilder body = new StringBuilder("[");
            for (int e = d * 5; e < d * 5 + 10; e++) {
                body.append(e == d * 5 ? "" : ",").append("{\"specversion\":\"1.0\",\"type\":\"com.twilio.messaging.compliance.")
                        .append("number-registration.successful\",\"id\":\"EVrep").append(e).append("\",\"data\":{\"phonenumber\":")
                        .append("\"+1555030").append(String.format("%04d", e)).append("\",\"accountsid\":\"").append(accountSid)
                        .append("\",\"timestamp\":").append(at).append("}}");
            }
            Instance instance = instances.get(d % 2);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(instance.url("/events/" + sinkId).toURI())
                    .header("Authorization", basic).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), instance.name() + ": " + response.body());
        }
        try (Connection db = connect()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "select count(*) from event_delivery "
                    + "where sink_id = '" + sinkId + "' and processed_at is null") == 0);
            assertEquals(155, count(db, "select count(*) from number_status_history where root_account_id = " + root
                    + " and source = 'EVENT'"));
            assertEquals(155, count(db, "select count(distinct source_ref) from number_status_history where root_account_id = "
                    + root + " and source = 'EVENT'"));
            assertEquals(155, count(db, "select count(*) from phone_number where root_account_id = " + root
                    + " and status = 'REGISTERED' and status_source = 'EVENT'"));
            assertEquals(30, count(db, "select count(*) from event_delivery where sink_id = '" + sinkId + "' and events = 10"));
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void reportsAreGeneratedOnceAndServedByBothAndTheSessionIsShared() throws Exception {
        Instance a = instances.get(0);
        Instance b = instances.get(1);
        long reportOnA;
        long reportOnB;
        try (PortalBrowser browserA = new PortalBrowser(); PortalBrowser sessionOnly = new PortalBrowser()) {
            HtmlPage numbersOnA = browserA.openAs(a.url("/numbers"), OWNER);
            assertEquals(a.port(), numbersOnA.getUrl().getPort(), "the login returns to instance A");
            assertShowsNumbers(numbersOnA);

            // Only the portal's session cookie moves to the second browser, none of Keycloak's: had
            // B refused the session, it would send this browser to a login form it cannot pass silently.
            List<Cookie> session = browserA.client.getCookieManager().getCookies().stream()
                    .filter(cookie -> cookie.getName().startsWith("q_session")).toList();
            assertFalse(session.isEmpty(), "instance A set a session cookie: " + browserA.client.getCookieManager().getCookies());
            session.forEach(sessionOnly.client.getCookieManager()::addCookie);
            HtmlPage numbersOnB = sessionOnly.open(b.url("/numbers"));
            assertFalse(PortalBrowser.isKeycloakLogin(numbersOnB), "instance B asked for a login again");
            assertEquals(b.port(), numbersOnB.getUrl().getPort());
            assertShowsNumbers(numbersOnB);

            reportOnA = requestReport(browserA, a);
            reportOnB = requestReport(sessionOnly, b);
            assertNotEquals(reportOnA, reportOnB);

            // each report is followed on the instance that did not take the request
            awaitReady(sessionOnly, b, reportOnA);
            awaitReady(sessionOnly, a, reportOnB);

            for (long report : new long[] { reportOnA, reportOnB }) {
                byte[] fromA = download(sessionOnly, a, report);
                byte[] fromB = download(sessionOnly, b, report);
                assertArrayEquals(fromA, fromB, "report " + report + " downloads the same bytes from both instances");
                List<String> lines = new String(fromA, StandardCharsets.UTF_8).lines().toList();
                assertEquals("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status", lines.get(0));
                assertEquals(expectedRows, lines.subList(1, lines.size()), "rows of report " + report);
            }
        }

        try (Connection db = connect()) {
            for (long report : new long[] { reportOnA, reportOnB }) {
                assertGeneratedOnce(db, report);
            }
        }
    }

    private static void assertShowsNumbers(HtmlPage page) {
        String text = page.asNormalizedText();
        assertTrue(text.contains("Active numbers"), text);
        for (String row : expectedRows) {
            String e164 = row.split(",")[3];
            assertTrue(text.contains(e164) || text.contains(e164.substring(2)), "page lists " + e164 + ":\n" + text);
        }
    }

    /** Submits the request form of the instance for the whole tree, with its CSRF token; returns the new report's id. */
    private static long requestReport(PortalBrowser browser, Instance instance) throws IOException {
        HtmlPage form = browser.open(instance.url("/reports/new"));
        HtmlForm request = form.getFirstByXPath("//form[@action='/reports']");
        assertTrue(request != null, form.asNormalizedText());
        HtmlPage report = ((HtmlElement) request.getFirstByXPath(".//button[@type='submit']")).click();
        String path = report.getUrl().getPath();
        assertTrue(path.matches("/reports/\\d+"), path + ":\n" + report.asNormalizedText());
        assertEquals(instance.port(), report.getUrl().getPort());
        return Long.parseLong(path.substring("/reports/".length()));
    }

    private static void awaitReady(PortalBrowser browser, Instance instance, long report) {
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HtmlPage page = browser.open(instance.url("/reports/" + report));
                    assertFalse(PortalBrowser.isKeycloakLogin(page), instance.name() + " asked for a login");
                    return page.asNormalizedText().contains("Download CSV report");
                });
    }

    private static byte[] download(PortalBrowser browser, Instance instance, long report) throws IOException {
        Page page = browser.client.getPage(instance.url("/reports/" + report + "/download"));
        assertEquals(200, page.getWebResponse().getStatusCode(), instance.name() + " download of " + report);
        try (InputStream body = page.getWebResponse().getContentAsStream()) {
            return body.readAllBytes();
        }
    }

    /** One claim of the report, by one of the two instances, and one ready mail, which one of them sent. */
    private static void assertGeneratedOnce(Connection db, long report) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select state, attempt, worker from report where id = ?")) {
            query.setLong(1, report);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals("READY", row.getString("state"));
                assertEquals(1, row.getInt("attempt"), "report " + report + " was claimed once");
                String worker = row.getString("worker");
                assertTrue(instances.stream().anyMatch(i -> worker != null && worker.startsWith(i.process().pid() + "@")),
                        "worker " + worker + " is one of the instances");
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> readyMails(db, report, "SENT"), count -> count == 1);
        assertEquals(1, readyMails(db, report, null), "report " + report + " has one ready mail");
    }

    private static int readyMails(Connection db, long report, String state) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select count(*) from mail_outbox where report_id = ? and kind = 'report-ready'"
                + " and recipient = ?" + (state == null ? "" : " and state = ?"))) {
            query.setLong(1, report);
            query.setString(2, OWNER);
            if (state != null) {
                query.setString(3, state);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    @AfterAll
    static void stop() {
        stopAll();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static synchronized void stopAll() {
        for (Instance instance : instances) {
            instance.process().descendants().forEach(ProcessHandle::destroy);
            instance.process().destroy();
        }
        for (Instance instance : instances) {
            try {
                if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
                    instance.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    instance.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                instance.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        instances.clear();
        if (keycloak != null) {
            keycloak.stop();
            keycloak = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
            postgres = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
