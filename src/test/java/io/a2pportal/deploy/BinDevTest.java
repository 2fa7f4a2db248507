package io.a2pportal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.qute.Engine;

/**
 * Runs src/test/shell/bin-dev-test.sh, which checks bin/dev against a stand-in Maven whose local
 * repository is not $HOME/.m2, so that the dev-mode command is part of the test command too.
 */
class BinDevTest {

    @Test
    void binDevFindsMavensRepositoryWhereverItIs() throws IOException, InterruptedException {
        Path quteCore;
        try {
            quteCore = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "src/test/shell/bin-dev-test.sh").redirectErrorStream(true);
        builder.environment().put("QUTE_CORE_JAR", quteCore.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "bin-dev-test.sh did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("bin/dev: OK"), output);
    }
}
