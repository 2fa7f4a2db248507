package io.a2pportal.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: /usr/bin/chromium driven by /usr/bin/chromedriver. Without
 * them a test is skipped with the reason printed, unless CI sets PORTAL_BROWSER_JOURNEY=required.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Skips the test when Chromium or its driver is missing. */
    public static void assumeInstalled(String test) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            skip(test, BINARY + " or " + DRIVER + " is missing (Debian packages chromium and chromium-driver; .ci/run installs them)");
        }
    }

    /** Skips the test with a printed reason; fails it instead where CI sets PORTAL_BROWSER_JOURNEY=required. */
    public static void skip(String test, String reason) {
        if ("required".equals(System.getenv("PORTAL_BROWSER_JOURNEY"))) {
            throw new AssertionError(test + " cannot run: " + reason);
        }
        System.out.println(test + " skipped: " + reason);
        Assumptions.abort(reason);
    }

    /** A headless browser's options, with these arguments added. */
    public static ChromeOptions options(String... arguments) {
        return new ChromeOptions().setBinary(BINARY.toFile()).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage")
                .addArguments(arguments);
    }

    /** Starts the browser on a chromedriver of its own, which quitting the browser stops. */
    public static ChromeDriver start(ChromeOptions options) {
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build(),
                options);
    }
}
