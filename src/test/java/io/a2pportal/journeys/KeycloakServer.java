package io.a2pportal.journeys;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak from the {@code keycloak-quarkus-dist} archive that Maven copies into
 * {@code target/keycloak}, started on free ports of 127.0.0.1 with the realm of
 * {@code deploy/keycloak} imported. It runs on the JDK that runs the tests, which the build
 * already requires to be 21 or newer, as Keycloak does.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "a2p-portal";
    public static final String CLIENT_ID = "a2p-portal";
    /** The client secret of the test realm; it protects nothing outside a test. */
    public static final String CLIENT_SECRET = "test-only-a2p-portal-client-secret";
    /** Passwords of the realm's users are "test-only-" followed by the part of the email before the @. */
    public static final String PASSWORD_PREFIX = "test-only-";

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private Process process;
    private Thread shutdownHook;
    private Path log;

    /** Init argument: the lifespan of the realm's tokens in seconds, instead of the realm file's. */
    public static final String ACCESS_TOKEN_LIFESPAN = "access-token-lifespan";

    private String accessTokenLifespan;

    @Override
    public void init(Map<String, String> initArgs) {
        accessTokenLifespan = initArgs.get(ACCESS_TOKEN_LIFESPAN);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path home = unpack();
            Path imports = Files.createDirectories(home.resolve("data/import"));
            String realm = Files.readString(Path.of(System.getProperty("keycloak.realm", "deploy/keycloak/a2p-portal-realm.json")));
            if (accessTokenLifespan != null) {
                realm = realm.replaceFirst("\\{", "{\n  \"accessTokenLifespan\": " + Integer.parseInt(accessTokenLifespan) + ",");
            }
            Files.writeString(imports.resolve("a2p-portal-realm.json"), realm);
            shutdownHook = new Thread(this::stopProcess);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            // a free port can be taken by another process before Keycloak binds it: try fresh ones
            for (int attempt = 1;; attempt++) {
                String realmUrl = launch(home);
                if (awaitReady(realmUrl)) {
                    return Map.of(
                            "quarkus.oidc.auth-server-url", realmUrl,
                            "quarkus.oidc.client-id", CLIENT_ID,
                            "quarkus.oidc.credentials.secret", CLIENT_SECRET,
                            "quarkus.oidc.token-state-manager.encryption-secret",
                            "test-only-session-cookie-encryption-key-0123456789");
                }
                stopProcess();
                if (attempt == 3) {
                    throw new IllegalStateException("no free port in 3 attempts; see " + log);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop();
            throw new IllegalStateException("Keycloak did not start: " + e.getMessage(), e);
        }
    }

    private String launch(Path home) throws IOException {
        // a fixed port (and the next one for management) when the caller must stay within a range of its own
        String fixedPort = System.getProperty("keycloak.http-port");
        int httpPort = fixedPort != null ? Integer.parseInt(fixedPort) : freePort();
        int managementPort = fixedPort != null ? httpPort + 1 : freePort();
        log = home.getParent().resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--import-realm", "--db=dev-mem", "--cache=local")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        process = builder.start();
        return "http://127.0.0.1:" + httpPort + "/realms/" + REALM;
    }

    @Override
    public void stop() {
        stopProcess();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
            shutdownHook = null;
        }
    }

    private synchronized void stopProcess() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Unpacks the archive once per build; later starts reuse it. */
    private static Path unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("keycloak.dist", "target/keycloak/keycloak-quarkus-dist-26.5.6.tar.gz"));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(archive + " is missing; run the tests through Maven, which fetches it");
        }
        Path target = archive.getParent();
        String version = archive.getFileName().toString().replace("keycloak-quarkus-dist-", "").replace(".tar.gz", "");
        Path home = target.resolve("keycloak-" + version);
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", target.toString()).inheritIO().start();
            if (tar.waitFor() != 0 || !Files.isExecutable(home.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("could not unpack " + archive);
            }
        }
        return home;
    }

    /** True once the realm answers; false when Keycloak could not bind its ports; fails otherwise. */
    private boolean awaitReady(String realmUrl) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(realmUrl + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                if (Files.readString(log).contains("Port already bound")) {
                    return false;
                }
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
