package io.a2pportal.journeys;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Logging in and out in headless Chromium with the dev login (Dev Services for OIDC), whose login
 * page is on another origin than the portal, like a real login server. Skipped like
 * {@link BrowserJourneyTest} without Chromium.
 */
@QuarkusTest
class DevLoginBrowserTest {

    @TestHTTPResource("/numbers")
    URL numbers;

    @Test
    void logOutEndsTheSessionInChromium() {
        if (!Files.isExecutable(BrowserJourneyTest.CHROMIUM) || !Files.isExecutable(BrowserJourneyTest.CHROMEDRIVER)) {
            BrowserJourneyTest.skip(BrowserJourneyTest.CHROMIUM + " or " + BrowserJourneyTest.CHROMEDRIVER + " is missing");
        }
        ChromeDriverService chromedriver = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserJourneyTest.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(chromedriver, new ChromeOptions().setBinary(BrowserJourneyTest.CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"));
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.withMessage(() -> driver.getCurrentUrl() + "\n" + driver.manage().getCookies() + "\n" + driver.getPageSource());
        By parentOwner = By.name("predefined-parent-owner");
        try {
            driver.get(numbers.toString());
            wait.until(d -> !d.findElements(parentOwner).isEmpty());
            driver.findElement(parentOwner).click();
            wait.until(d -> !d.findElements(By.cssSelector("form[action='/logout'] button")).isEmpty());
            assertTrue(driver.getCurrentUrl().startsWith(numbers.toString()), "back on the portal: " + driver.getCurrentUrl());

            driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
            wait.until(d -> d.getPageSource().contains("You are signed out"));
            driver.get(numbers.toString());
            wait.until(d -> !d.findElements(parentOwner).isEmpty());
            assertTrue(driver.findElements(By.cssSelector("form[action='/logout']")).isEmpty(), "no longer logged in");
        } finally {
            driver.quit();
            chromedriver.stop();
        }
    }
}
