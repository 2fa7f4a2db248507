package io.a2pportal.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.a2pportal.accounts.Account;
import io.a2pportal.notifications.NotificationPreference;
import io.a2pportal.notifications.Unsubscribe;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Chromium;
import io.a2pportal.testing.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The owner's journey in headless Chromium: log in through Keycloak, filter Active Numbers, request
 * a report for one subaccount, download it, upload a changed copy. Every page is screenshot into
 * target/screenshots and checked with axe-core. Without Chromium and its driver the test is
 * skipped, with the reason printed.
 */
@QuarkusTest
@TestProfile(RealServicesProfile.class)
class BrowserJourneyTest {

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final int PHONE_WIDTH = 390;

    @TestHTTPResource("/")
    URL portal;

    @Inject
    RealmData realmData;

    @Inject
    Fixtures fixtures;

    @Inject
    Unsubscribe unsubscribe;

    private WebDriver driver;
    private Axe axe;
    private int step;

    @Test
    void ownerFiltersRequestsDownloadsAndUploads() throws Exception {
        Chromium.assumeInstalled("BrowserJourneyTest");
        axe = Axe.load("BrowserJourneyTest");
        RealmData.Tree data = realmData.tree();
        MessagingService service = fixtures.service(data.sub(), BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        List<String> pending = fixtures.numbers(data.sub(), service, RegistrationStatus.PENDING_REGISTRATION, 2);
        Path downloads = Files.createDirectories(Path.of("target/downloads").toAbsolutePath());
        try (Stream<Path> old = Files.list(downloads)) {
            old.forEach(file -> file.toFile().delete());
        }
        Files.createDirectories(SCREENSHOTS);

        ChromeOptions options = Chromium.options("--window-size=1280,1000");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        driver = Chromium.start(options);
        try {
            driver.get(portal.toString() + "numbers");
            page("keycloak-login");
            driver.findElement(By.id("username")).sendKeys(RealmData.OWNER);
            driver.findElement(By.id("password")).sendKeys(PortalBrowser.passwordOf(RealmData.OWNER));
            driver.findElement(By.id("kc-login")).click();
            await(() -> driver.getPageSource().contains(data.parentNumber()));
            page("active-numbers");
            assertTrue(driver.getPageSource().contains(data.subNumber()));

            new Select(driver.findElement(By.id("f-account"))).selectByValue(data.sub().sid);
            driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            await(() -> driver.getCurrentUrl().contains("account=" + data.sub().sid));
            page("numbers-filtered");
            String filtered = driver.getPageSource();
            assertTrue(filtered.contains(data.subNumber()) && filtered.contains(pending.get(0)), filtered);
            assertFalse(filtered.contains(data.parentNumber()), "the parent's own number is filtered out");

            driver.get(portal.toString() + "reports/new");
            page("report-request");
            driver.findElement(By.cssSelector("input[name=scope][value='" + data.sub().sid + "']")).click();
            driver.findElement(By.cssSelector("form.request-form button[type=submit]")).click();
            shot("report-requested");
            await(() -> !driver.findElements(By.cssSelector(".banner.done")).isEmpty());
            page("report-ready");
            String reportPage = driver.getCurrentUrl();

            driver.findElement(By.linkText("Download CSV report")).click();
            Path csv = awaitDownload(downloads);
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertEquals("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status", lines.get(0));
            assertEquals(4, lines.size(), String.join("\n", lines));
            assertTrue(lines.contains(data.sub().sid + ",,," + data.subNumber() + ",PENDING_REGISTRATION"), lines.toString());
            String changedRow = data.sub().sid + "," + service.campaign.consoleSid + "," + service.sid + "," + pending.get(0);
            assertTrue(lines.contains(changedRow + ",PENDING_REGISTRATION"), lines.toString());

            Path upload = Files.writeString(downloads.resolveSibling("status-report-upload.csv"),
                    String.join("\r\n", lines).replace(changedRow + ",PENDING_REGISTRATION", changedRow + ",REGISTERED") + "\r\n");
            driver.get(portal.toString() + "uploads");
            page("upload-form");
            driver.findElement(By.id("upload-file")).sendKeys(upload.toAbsolutePath().toString());
            driver.findElement(By.cssSelector("form[action='/uploads'] button[type=submit]")).click();
            await(() -> driver.getPageSource().contains("rows read"));
            page("upload-summary");
            String summary = driver.findElement(By.tagName("main")).getText();
            assertTrue(summary.contains("3 rows read: 0 added"), summary);
            assertTrue(summary.contains("1 Pending registration → Registered"), summary);
            String uploadPage = driver.getCurrentUrl();

            // live updates: the owner creates the tree's sink (unless an earlier run did), enters the auth
            // tokens of two subaccounts, and has the simulator send their events as the vendor would
            Account second = fixtures.sub(data.parent(), "Keycloak Journey Second Subaccount");
            List<String> fresh = fixtures.numbers(second, null, RegistrationStatus.UNREGISTERED, 2);
            driver.get(portal.toString() + "live-updates");
            List<WebElement> create = driver.findElements(By.xpath("//button[text()='Create the sink']"));
            if (!create.isEmpty()) {
                create.get(0).click();
                await(() -> driver.getPageSource().contains("Copy the password now"));
                page("live-updates-credentials");
            }
            for (Account account : List.of(data.sub(), second)) {
                driver.get(portal.toString() + "live-updates");
                WebElement form = driver.findElement(By.cssSelector("form[action='/live-updates/tokens/" + account.sid + "']"));
                String token = account == second ? "fedcba9876543210fedcba9876543210" : "0123456789abcdef0123456789abcdef";
                form.findElement(By.name("token")).sendKeys(token);
                form.findElement(By.cssSelector("button[type=submit]")).click();
                await(() -> driver.findElement(By.id("account-" + account.sid)).getText().contains("Set, ending in "
                        + token.substring(28)));
            }
            driver.findElement(By.cssSelector("details summary")).click();
            page("live-updates");
            assertTrue(driver.findElement(By.tagName("main")).getText().contains("twilio api:events:v1:sinks:create"));
            driver.findElement(By.xpath("//button[text()='Send simulated events']")).click();
            await(() -> !driver.findElements(By.cssSelector(".flash")).isEmpty());
            assertTrue(driver.findElement(By.cssSelector(".flash")).getText().startsWith("The simulator sent 5 events"),
                    driver.findElement(By.cssSelector(".flash")).getText());

            // Active Numbers shows the second subaccount's numbers pending, from a live event, once applied
            await(() -> {
                driver.get(portal + "numbers?account=" + second.sid);
                List<String> rows = driver.findElements(By.cssSelector("#results tbody tr")).stream().map(WebElement::getText)
                        .toList();
                return fresh.stream().allMatch(number -> rows.stream().anyMatch(row -> row.contains(number)
                        && row.contains("Pending registration") && row.contains("Live event")));
            });
            page("numbers-live");
            driver.get(portal + "numbers?account=" + data.sub().sid);
            String firstSub = driver.findElement(By.id("results")).getText();
            assertTrue(firstSub.contains(data.subNumber()) && firstSub.contains("Live event"), firstSub);
            driver.get(portal + "numbers?account=" + second.sid);
            driver.findElement(By.linkText(fresh.get(0))).click();
            await(() -> driver.getCurrentUrl().contains("/numbers/"));
            page("number-live");
            String numberText = driver.findElement(By.tagName("main")).getText();
            assertTrue(numberText.contains("Pending registration"), numberText);
            assertTrue(numberText.contains("Live event"), numberText);

            // a CSV report requested afterwards holds the statuses the events brought
            Files.delete(csv);
            driver.get(portal.toString() + "reports/new");
            driver.findElement(By.cssSelector("input[name=scope][value='" + second.sid + "']")).click();
            driver.findElement(By.cssSelector("form.request-form button[type=submit]")).click();
            await(() -> !driver.findElements(By.cssSelector(".banner.done")).isEmpty());
            driver.findElement(By.linkText("Download CSV report")).click();
            List<String> live = Files.readAllLines(awaitDownload(downloads), StandardCharsets.UTF_8);
            assertEquals(3, live.size(), String.join("\n", live));
            for (String number : fresh) {
                assertTrue(live.contains(second.sid + ",,," + number + ",PENDING_REGISTRATION"), live.toString());
            }

            driver.get(portal + "tokens");
            page("api-tokens");
            driver.get(portal + "webhooks");
            page("webhooks");

            // notifications: the owner turns on failure alerts and a daily digest in New York time
            driver.get(portal + "notifications");
            page("notifications");
            driver.findElement(By.cssSelector("input[name=failures]")).click();
            driver.findElement(By.cssSelector("input[name=digest][value=DAILY]")).click();
            new Select(driver.findElement(By.id("zone"))).selectByValue("America/New_York");
            driver.findElement(By.cssSelector("form[action='/notifications'] button[type=submit]")).click();
            await(() -> !driver.findElements(By.cssSelector(".flash")).isEmpty());
            assertEquals("Your notification choices are saved.", driver.findElement(By.cssSelector(".flash")).getText());
            assertTrue(driver.findElement(By.cssSelector("input[name=failures]")).isSelected());
            assertEquals("America/New_York", new Select(driver.findElement(By.id("zone"))).getFirstSelectedOption().getText());
            String unsubscribeLink = QuarkusTransaction.requiringNew().call(() -> URI.create(unsubscribe.url(
                    NotificationPreference.of(fixtures.membershipOf(RealmData.OWNER)), Unsubscribe.Kind.DIGEST)).getPath());

            onAPhone(List.of(portal + "numbers", numberPage(), portal + "troubleshooting", portal + "reports",
                    portal + "reports/new", reportPage, portal + "uploads", uploadPage, portal + "accounts",
                    portal + "accounts/audit", portal + "live-updates", portal + "tokens", portal + "webhooks", portal + "notifications"));

            // the session ends while the report form is open: sending it leads through the login, and it is sent as it was
            driver.get(portal.toString() + "reports/new");
            driver.findElement(By.cssSelector("input[name=scope][value='" + data.sub().sid + "']")).click();
            endPortalSession();
            driver.findElement(By.cssSelector("form.request-form button[type=submit]")).click();
            await(() -> driver.getPageSource().contains("Your session has ended"));
            page("session-ended-form");
            String ended = driver.findElement(By.tagName("main")).getText();
            assertTrue(ended.contains("What you had just sent was not sent"), ended);
            driver.findElement(By.linkText("Log in again")).click();
            // Keycloak's session still stands: it signs the user in again without its form
            await(() -> driver.getPageSource().contains("You are logged in again"));
            page("send-again");
            assertTrue(driver.findElement(By.tagName("main")).getText().contains(data.sub().sid));
            driver.findElement(By.xpath("//button[text()='Send it now']")).click();
            await(() -> driver.getCurrentUrl().matches(".*/reports/\\d+$"));
            assertTrue(driver.findElement(By.tagName("main")).getText().contains("Report requested"));

            // the session ends on Active Numbers: the filters (sent by htmx) still apply, after the login
            driver.get(portal.toString() + "numbers");
            endPortalSession();
            new Select(driver.findElement(By.id("f-account"))).selectByValue(data.sub().sid);
            driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            // Keycloak's session still stands: it signs the user in again, and the page says the session had ended
            await(() -> driver.getCurrentUrl().contains("account=" + data.sub().sid) && driver.getPageSource().contains(data.subNumber()));
            page("session-ended-filters");
            assertFalse(driver.getPageSource().contains(data.parentNumber()), "the filter applies");
            assertTrue(driver.findElement(By.cssSelector(".flash")).getText().startsWith("Your session had ended"));

            driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
            await(() -> driver.getPageSource().contains("You are signed out"));
            page("signed-out");
            driver.get(portal.toString() + "numbers");
            await(() -> !driver.findElements(By.id("kc-login")).isEmpty());
            shot("login-after-logout");

            // signed out, the digest's unsubscribe link still works: the page asks, its button turns the digest off
            driver.get(portal + unsubscribeLink.substring(1));
            page("unsubscribe");
            driver.findElement(By.xpath("//button[text()='Unsubscribe from digests']")).click();
            await(() -> driver.getPageSource().contains("You are unsubscribed"));
            page("unsubscribed");
            assertTrue(driver.findElement(By.tagName("main")).getText().contains(RealmData.OWNER + " no longer gets digests"));
            assertTrue(QuarkusTransaction.requiringNew().call(() -> NotificationPreference.of(fixtures.membershipOf(RealmData.OWNER))
                    .failureAlerts), "only the digest is off");
        } finally {
            driver.quit();
        }
    }

    /** Phone width: each page is screenshot, and none is wider than the screen (wide tables scroll in their own box). */
    private void onAPhone(List<String> pages) throws IOException {
        driver.manage().window().setSize(new Dimension(PHONE_WIDTH, 844));
        try {
            for (String url : pages) {
                driver.get(url);
                shot("phone-" + URI.create(url).getPath().substring(1).replaceAll("[^a-z0-9]+", "-"));
                JavascriptExecutor js = (JavascriptExecutor) driver;
                long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
                long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
                assertEquals(PHONE_WIDTH, innerWidth, "the window is as wide as a phone");
                if (scrollWidth > innerWidth) {
                    Object wide = js.executeScript("return Array.from(document.querySelectorAll('body *'))"
                            + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12)"
                            + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')");
                    throw new AssertionError(url + " scrolls sideways: " + scrollWidth + " px at " + innerWidth + " px; wider:\n" + wide);
                }
            }
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    /** The page of a number, reached from the Active Numbers table. */
    private String numberPage() {
        driver.get(portal.toString() + "numbers");
        return driver.findElement(By.cssSelector("#results table a[href^='/numbers/']")).getAttribute("href");
    }

    /** Drops the portal's session cookie, as its end does; Keycloak's own session stays. */
    private void endPortalSession() {
        driver.manage().getCookies().stream().filter(cookie -> cookie.getName().startsWith("q_session"))
                .forEach(cookie -> driver.manage().deleteCookie(cookie));
    }

    /** A screenshot of the step, then the accessibility check. */
    private void page(String name) throws IOException {
        shot(name);
        axe.check(driver, name);
    }

    private void shot(String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(String.format("%02d-%s.png", ++step, name)), StandardCopyOption.REPLACE_EXISTING);
    }

    private void await(java.util.function.BooleanSupplier condition) {
        // A form's answer reloads the page: an element read while it reloads goes stale, and is read again.
        new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    private static Path awaitDownload(Path folder) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(folder)) {
                var done = files.filter(f -> f.toString().endsWith(".csv")).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no CSV downloaded into " + folder);
    }
}
