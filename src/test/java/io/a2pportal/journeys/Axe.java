package io.a2pportal.journeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import io.a2pportal.testing.Chromium;

/**
 * axe-core, the accessibility checker, run inside the page the browser shows. The script comes
 * from the npm package (unpacked into target/axe-core by .ci/run, or here with npm when missing).
 */
final class Axe {

    static final String VERSION = "4.10.3";
    private static final Path SCRIPT = Path.of("target/axe-core/package/axe.min.js");

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /** The script, fetched with npm if needed; aborts the test with a printed reason when it cannot be had. */
    static Axe load(String test) throws IOException, InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) {
            Path folder = Files.createDirectories(SCRIPT.getParent().getParent());
            try {
                Process pack = new ProcessBuilder("npm", "pack", "axe-core@" + VERSION).directory(folder.toFile())
                        .redirectErrorStream(true).redirectOutput(folder.resolve("npm.log").toFile()).start();
                if (pack.waitFor(120, TimeUnit.SECONDS) && pack.exitValue() == 0) {
                    new ProcessBuilder("tar", "xzf", "axe-core-" + VERSION + ".tgz").directory(folder.toFile()).start().waitFor();
                }
            } catch (IOException noNpm) {
                // reported below
            }
        }
        if (!Files.isRegularFile(SCRIPT)) {
            Chromium.skip(test, "axe-core is missing (" + SCRIPT + ") and npm could not fetch it");
        }
        return new Axe(Files.readString(SCRIPT));
    }

    /** Fails when the page has a serious or critical violation; names each one. */
    @SuppressWarnings("unchecked")
    void check(WebDriver driver, String step) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source);
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.map(n => n.target.join(' ')).join(', ') }))));
                """);
        Assertions.assertTrue(violations.isEmpty(), step + " (" + driver.getCurrentUrl() + "): " + violations);
    }
}
