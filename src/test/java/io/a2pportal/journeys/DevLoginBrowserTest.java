package io.a2pportal.journeys;

import static io.a2pportal.journeys.BrowserJourneyTest.PATIENCE;
import static io.a2pportal.journeys.BrowserJourneyTest.SCREENSHOTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.a2pportal.testing.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Logging in and out in headless Chromium with the dev login (Dev Services for OIDC: one button per
 * user), as in dev mode: the user sees their numbers, Log out lands on the signed-out page, and the
 * next page asks for the login again. Skipped like {@link BrowserJourneyTest} without Chromium.
 */
@QuarkusTest
class DevLoginBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Inject
    RealmData realmData;

    private WebDriver driver;
    private Axe axe;

    @Test
    void ownerLogsInSeesTheirNumbersAndLogsOut() throws Exception {
        Chromium.assumeInstalled("DevLoginBrowserTest");
        axe = Axe.load("DevLoginBrowserTest");
        RealmData.Tree data = realmData.tree();
        Files.createDirectories(SCREENSHOTS);

        driver = Chromium.start(Chromium.options("--window-size=1280,1000"));
        try {
            driver.get(portal.toString() + "numbers");
            await(() -> !driver.findElements(userButton()).isEmpty());
            shot("dev-login");
            driver.findElement(userButton()).click();
            await(() -> driver.getPageSource().contains(data.parentNumber()));
            page("dev-login-active-numbers");
            String numbers = driver.findElement(By.tagName("main")).getText();
            assertTrue(numbers.contains(data.subNumber()), numbers);
            assertTrue(driver.findElement(By.tagName("header")).getText().contains(RealmData.OWNER));

            driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
            await(() -> driver.getPageSource().contains("You are signed out"));
            page("dev-login-signed-out");
            assertEquals(portal.toString() + "signed-out", driver.getCurrentUrl());

            driver.get(portal.toString() + "numbers");
            await(() -> !driver.findElements(userButton()).isEmpty());
            shot("dev-login-after-logout");
            assertFalse(driver.getPageSource().contains(data.parentNumber()), "the numbers are not shown before the login");
        } finally {
            driver.quit();
        }
    }

    /** The dev login page's button for the realm's owner. */
    private static By userButton() {
        return By.cssSelector("button[name='predefined-parent-owner']");
    }

    private void page(String name) throws IOException {
        shot(name);
        axe.check(driver, name);
    }

    private void shot(String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void await(BooleanSupplier condition) {
        new WebDriverWait(driver, PATIENCE).withMessage(() -> "still at " + driver.getCurrentUrl() + " (" + driver.getTitle() + ")")
                .until(d -> condition.getAsBoolean());
    }
}
