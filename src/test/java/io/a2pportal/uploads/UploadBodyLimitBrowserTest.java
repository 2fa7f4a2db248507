package io.a2pportal.uploads;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Chromium;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * A browser that submits a file far over the HTTP body limit (1 MB in tests) lands on the upload
 * page with the size message, not on an empty 413 page or a reset connection: the portal answers
 * while the browser is still sending, and reads the rest of the body so that the browser sees the
 * answer. Needs /usr/bin/chromium and /usr/bin/chromedriver, like the browser journey; without them
 * it is skipped, unless PORTAL_BROWSER_JOURNEY=required.
 */
@QuarkusTest
@TestSecurity(user = "owner")
@OidcSecurity(claims = @Claim(key = "email", value = UploadBodyLimitBrowserTest.OWNER))
class UploadBodyLimitBrowserTest {

    static final String OWNER = "owner@body-limit.test";

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/uploads")
    URL uploads;

    @Test
    void aBrowserSendingAFileOverTheBodyLimitIsShownTheSizeMessage() throws Exception {
        Chromium.assumeInstalled("UploadBodyLimitBrowserTest");
        Account parent = fixtures.ownedTree("Body Limit Parent", OWNER);
        Path file = Files.createTempFile("too-large", ".csv");
        Files.write(file, new byte[30_000_000]);
        ChromeDriver driver = Chromium.start(Chromium.options());
        try {
            driver.get(uploads.toString());
            driver.findElement(By.id("upload-file")).sendKeys(file.toString());
            driver.findElement(By.cssSelector("form[action='/uploads'] button[type=submit]")).click();
            String expected = "The file is 28.6 MB; the portal accepts files up to 0.2 MB. Compress it with gzip, or split it.";
            long deadline = System.nanoTime() + 30_000_000_000L;
            String text = "";
            while (System.nanoTime() < deadline && !text.contains(expected)) {
                Thread.sleep(200);
                text = driver.findElement(By.tagName("body")).getText();
            }
            assertTrue(text.contains(expected), text);
            assertTrue(text.contains("Nothing was uploaded."), text);
        } finally {
            driver.quit();
            Files.delete(file);
        }
    }
}
