package io.a2pportal.reports;

import static io.a2pportal.reports.ReportPages.HEADER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** A user requests a report, is mailed a link to its page, sees the banner and downloads the file. */
@QuarkusTest
class ReportFlowTest {

    static final String DOMAIN = "report-flow.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;
    static MessagingService aService;
    static MessagingService a1Service;
    static MessagingService a1Unverified;
    static List<String> aWithoutService;
    static List<String> a1WithUnverifiedCampaign;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportFixtures reports;

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    void data() {
        if (aWithoutService == null) {
            aWithoutService = fixtures.numbers(t.a, null, RegistrationStatus.UNREGISTERED, 2);
            a1Unverified = fixtures.service(t.a1, BrandType.STANDARD, false, CampaignStatus.IN_PROGRESS);
            a1WithUnverifiedCampaign = fixtures.numbers(t.a1, a1Unverified, RegistrationStatus.UNREGISTERED, 1);
        }
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void requestMailBannerAndDownload() {
        given().get("/numbers").then().statusCode(200).body(containsString("href=\"/reports/new\""));
        given().get("/reports/new").then().statusCode(200)
                .body(containsString(OWNER_A), containsString("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status"),
                        containsString(t.a1.name), not(containsString(t.b.name)));

        String page = ReportPages.request("all");
        long id = ReportPages.id(page);
        given().get(page).then().statusCode(200).body(containsString("CSV status report"),
                containsString(t.a.name + " and its subaccounts"));

        String ready = ReportPages.awaitPageShowing(page, "Download CSV report");
        assertTrue(ready.contains("Your CSV report is ready."), ready);
        assertTrue(ready.contains("Request a new report"));
        assertTrue(ready.contains("15 rows"), ready);

        List<Mail> mails = awaitMails(OWNER_A, 1);
        Mail mail = mails.get(0);
        String link = "https://portal.example.test/reports/" + id;
        assertTrue(mail.getSubject().contains("is ready"), mail.getSubject());
        assertTrue(mail.getText().contains(link), mail.getText());
        assertTrue(mail.getHtml().contains("href=\"" + link + "\""), mail.getHtml());
        assertTrue(mail.getText().contains("Rows: 15"), mail.getText());
        given().get(java.net.URI.create(link).getPath()).then().statusCode(200)
                .body(containsString("Download CSV report"), containsString("Request a new report"));

        Response download = given().get(page + "/download");
        download.then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Type", containsString("charset=utf-8"))
                .header("Content-Disposition", containsString(t.a.sid))
                .header("Content-Disposition", containsString(LocalDate.now(ZoneOffset.UTC).toString()));
        String csv = download.asString();
        assertTrue(csv.startsWith(String.join(",", HEADER) + "\r\n"), "RFC 4180 line ends");
        List<List<String>> rows = ReportPages.parse(csv);
        assertEquals(HEADER, rows.get(0));
        assertEquals(expectedWholeTree(), rows.subList(1, rows.size()));

        assertEquals(1, awaitMails(OWNER_A, 1).size(), "exactly one mail");
        given().get("/dev/mails").then().statusCode(404).body(not(containsString("Mails the portal has sent")));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void oneSubaccountAndChosenStatuses() {
        String page = ReportPages.request(t.a1.sid, "PENDING_REGISTRATION");
        ReportPages.awaitPageShowing(page, "Download CSV report");
        given().get(page).then().body(containsString(t.a1.name), containsString("Pending registration"));
        given().get(page + "/download").then().header("Content-Disposition", containsString(t.a1.sid));
        List<List<String>> rows = ReportPages.parse(ReportPages.download(page));
        List<List<String>> expected = new ArrayList<>();
        for (String n : t.a1Numbers) {
            expected.add(List.of(t.a1.sid, a1Service().campaign.consoleSid, a1Service().sid, n, "PENDING_REGISTRATION"));
        }
        assertEquals(expected, rows.subList(1, rows.size()));
        given().get("/reports").then().statusCode(200).body(containsString("Report " + ReportPages.id(page)));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void limitOfQueuedReportsGivesAClearMessage() {
        for (int i = 0; i < 3; i++) {
            reports.queuedWithoutJob(t.b, null, "owner-b@" + DOMAIN);
        }
        Response refused = ReportPages.post("all");
        refused.then().statusCode(409)
                .body(containsString("3 reports are already being generated for " + t.b.name),
                        containsString("Request report"));
        given().get("/reports").then().statusCode(200).body(containsString("Queued"));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void pageOfAReportBeingGeneratedShowsProgressAndRefreshesItself() {
        Report running = reports.runningWithoutJob(t.a, OWNER_A, 2_500, 10_000);
        String page = "/reports/" + running.id;
        given().get(page).then().statusCode(200)
                .body(containsString("Generating"), containsString("Writing rows: 2,500 of 10,000"),
                        containsString("<progress max=\"100\" value=\"25\""),
                        containsString("hx-get=\"" + page + "/status\" hx-trigger=\"every 2s\""),
                        containsString("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"),
                        not(containsString("Download CSV report")));
        given().get(page + "/status").then().statusCode(200)
                .body(containsString("Writing rows: 2,500 of 10,000"), not(containsString("<html")));
        given().get(page + "/download").then().statusCode(404);
        given().get("/reports").then().body(containsString("2,500 of 10,000"));
    }

    @Test
    @TestSecurity(user = "member-a1")
    @OidcSecurity(claims = @Claim(key = "email", value = "member-a1@" + DOMAIN))
    void expiredReportSaysSoAndItsFileIsGone() {
        String page = ReportPages.request(null);
        ReportPages.awaitPageShowing(page, "Download CSV report");
        reports.expireNow(ReportPages.id(page));
        ReportPages.awaitPageShowing(page, "expired on");
        given().get(page + "/download").then().statusCode(404);
        given().get("/reports").then().body(containsString("Expired"));
    }

    private List<Mail> awaitMails(String to, int count) {
        org.awaitility.Awaitility.await().atMost(ReportPages.PATIENCE)
                .until(() -> mailbox.getMailsSentTo(to) != null && mailbox.getMailsSentTo(to).size() >= count);
        return mailbox.getMailsSentTo(to);
    }

    private MessagingService a1Service() {
        if (a1Service == null) {
            a1Service = fixtures.serviceOf(t.a1Numbers.get(0));
        }
        return a1Service;
    }

    private List<List<String>> expectedWholeTree() {
        if (aService == null) {
            aService = fixtures.serviceOf(t.aNumbers.get(0));
        }
        MessagingService a2Service = fixtures.serviceOf(t.a2Numbers.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (String n : t.aNumbers) {
            rows.add(List.of(t.a.sid, aService.campaign.consoleSid, aService.sid, n, "REGISTERED"));
        }
        for (String n : t.a1Numbers) {
            rows.add(List.of(t.a1.sid, a1Service().campaign.consoleSid, a1Service().sid, n, "PENDING_REGISTRATION"));
        }
        for (String n : t.a2Numbers) {
            rows.add(List.of(t.a2.sid, a2Service.campaign.consoleSid, a2Service.sid, n, "FAILURE"));
        }
        for (String n : aWithoutService) {
            rows.add(List.of(t.a.sid, "", "", n, "UNREGISTERED"));
        }
        for (String n : a1WithUnverifiedCampaign) {
            rows.add(List.of(t.a1.sid, a1Unverified.campaign.consoleSid, "", n, "UNREGISTERED"));
        }
        rows.sort(Comparator.comparing(row -> row.get(3)));
        return rows;
    }
}
