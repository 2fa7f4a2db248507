package io.a2pportal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * Renders the Helm chart with the Helm binary helm/fetch-helm.sh caches (helm/ci.sh fetches it) and
 * checks what Kubernetes would receive. Without that binary the tests are skipped, saying why.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "a2p-status-portal");

    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|CREDENTIAL|USERNAME|_KEY$");

    /** Settings that must reach the pods from a Secret, never from a value or a ConfigMap. */
    private static final Set<String> FROM_SECRETS = Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_OIDC_CREDENTIALS_SECRET", "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", "PORTAL_SECRETS_KEY",
            "QUARKUS_MAILER_USERNAME", "QUARKUS_MAILER_PASSWORD");

    private static Path helm;

    @BeforeAll
    static void findHelm() {
        helm = helmBinary().orElse(null);
        if (helm == null) {
            System.out.println("HelmChartTest skipped: " + missingHelm());
        }
    }

    @BeforeEach
    void requireHelm() {
        if (helm == null) {
            Assumptions.abort(missingHelm());
        }
    }

    private static String missingHelm() {
        return "no Helm binary; run helm/ci.sh (or set HELM_BIN) to fetch one into " + cacheFolder().resolve("helm");
    }

    @Test
    void defaultValuesRunTwoReplicasWithProbesOnTheHealthEndpoints() throws Exception {
        List<JsonNode> objects = render();
        JsonNode deployment = only(objects, "Deployment");
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        // health is served on the management port, which the Service does not expose
        assertEquals("management", container.at("/readinessProbe/httpGet/port").asText());
        assertEquals(9000, container.at("/ports/1/containerPort").asInt());
        assertEquals("http", only(objects, "Service").at("/spec/ports/0/targetPort").asText());
        assertEquals(1, only(objects, "Service").at("/spec/ports").size());
        assertFalse(container.at("/resources/requests/memory").isMissingNode(), "memory request");
        assertFalse(container.at("/resources/limits/memory").isMissingNode(), "memory limit");
        assertEquals(1, only(objects, "PodDisruptionBudget").at("/spec/minAvailable").asInt());
        assertTrue(ofKind(objects, "HorizontalPodAutoscaler").isEmpty());
        assertTrue(ofKind(objects, "Ingress").isEmpty());
    }

    @Test
    void replicaCountIsTheOneGiven() throws Exception {
        assertEquals(3, only(render("--set", "replicaCount=3"), "Deployment").at("/spec/replicas").asInt());
    }

    @Test
    void aBudgetThatWouldBlockEveryDrainIsRefusedWithAReason() throws Exception {
        Result result = helm("template", "portal", CHART.toString(), "--set", "replicaCount=1");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("podDisruptionBudget.minAvailable (1) must be below the replica count (1)"),
                result.output());
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyFilesystemWithAWritableTmp() throws Exception {
        JsonNode pod = only(render(), "Deployment").at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertNotEquals(0, pod.at("/securityContext/runAsUser").asInt());
        JsonNode container = pod.at("/containers/0");
        assertTrue(container.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText());
        assertFalse(pod.at("/volumes/0/emptyDir").isMissingNode(), "/tmp is an emptyDir");
    }

    @Test
    void secretsComeOnlyFromExistingSecrets() throws Exception {
        List<JsonNode> objects = render("-f", CHART.resolve("ci/production-values.yaml").toString());
        assertTrue(ofKind(objects, "Secret").isEmpty(), "the chart creates no Secret");
        for (JsonNode configMap : ofKind(objects, "ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(key -> assertFalse(SECRET_NAME.matcher(key).find(),
                    "ConfigMap " + configMap.at("/metadata/name").asText() + " holds " + key));
        }
        JsonNode container = only(objects, "Deployment").at("/spec/template/spec/containers/0");
        List<String> fromSecrets = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (SECRET_NAME.matcher(name).find()) {
                assertTrue(env.path("value").isMissingNode(), name + " is written in the manifest");
                assertFalse(env.at("/valueFrom/secretKeyRef/name").asText().isEmpty(), name + " from a Secret");
                fromSecrets.add(name);
            }
        }
        assertEquals(FROM_SECRETS, Set.copyOf(fromSecrets));
        assertEquals("portal-oidc", secretOf(container, "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET"));
        assertEquals("session-key",
                envNamed(container, "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET").at("/valueFrom/secretKeyRef/key")
                        .asText());
    }

    @Test
    void productionValuesAddAutoscalingAndAnIngressWithTlsAndLargeHeaderBuffers() throws Exception {
        List<JsonNode> objects = render("-f", CHART.resolve("ci/production-values.yaml").toString());
        assertTrue(only(objects, "Deployment").at("/spec/replicas").isMissingNode(), "the autoscaler owns the replicas");
        assertEquals(3, only(objects, "HorizontalPodAutoscaler").at("/spec/minReplicas").asInt());
        JsonNode ingress = only(objects, "Ingress");
        assertEquals("a2p-example-com-tls", ingress.at("/spec/tls/0/secretName").asText());
        assertFalse(ingress.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-buffer-size").isMissingNode());
        JsonNode configMap = only(objects, "ConfigMap").path("data");
        assertEquals("P14D", configMap.path("PORTAL_REPORTS_RETENTION").asText());
        assertEquals("6", configMap.path("PORTAL_JOBS_THREADS").asText());
    }

    @Test
    void schemaRefusesASecretWrittenIntoValues() throws Exception {
        Result result = helm("template", "portal", CHART.toString(), "--set", "oidc.clientSecret=s3cret");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("'clientSecret' not allowed"), result.output());
    }

    private static List<JsonNode> render(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "portal", CHART.toString()));
        args.addAll(List.of(options));
        Result result = helm(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        List<JsonNode> objects = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(result.output())) {
            mapper.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && !node.isMissingNode() && !node.isNull()) {
                    objects.add(node);
                }
            });
        }
        return objects;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result helm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(helm.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = ofKind(objects, kind);
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static JsonNode envNamed(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env;
            }
        }
        return MissingNode.getInstance();
    }

    private static String secretOf(JsonNode container, String name) {
        return envNamed(container, name).at("/valueFrom/secretKeyRef/name").asText();
    }

    /** The same places helm/fetch-helm.sh looks in and writes to. */
    private static Optional<Path> helmBinary() {
        return Stream.of(Optional.ofNullable(System.getenv("HELM_BIN")).map(Path::of),
                Optional.of(cacheFolder().resolve("helm")))
                .flatMap(Optional::stream)
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Path cacheFolder() {
        String explicit = System.getenv("A2P_HELM_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("a2p-helm");
    }

}
