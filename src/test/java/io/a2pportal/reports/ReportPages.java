package io.a2pportal.reports;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.a2pportal.testing.Csrf;
import io.restassured.response.Response;

/** What a user does with reports through the pages: request one, wait for it, download it. */
final class ReportPages {

    static final List<String> HEADER = List.of("AccountSid", "CampaignSid", "MessagingServiceSid", "PhoneNumber", "Status");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private ReportPages() {
    }

    /** Submits the request form; returns the report page it redirects to. */
    static String request(String scope, String... statuses) {
        Response response = post(scope, statuses);
        if (response.statusCode() != 303) {
            throw new AssertionError("Request not accepted: " + response.statusCode() + "\n" + response.asString());
        }
        return java.net.URI.create(response.header("Location")).getPath();
    }

    static Response post(String scope, String... statuses) {
        var form = Csrf.from("/reports/new").form();
        if (scope != null) {
            form.formParam("scope", scope);
        }
        for (String status : statuses) {
            form.formParam("status", status);
        }
        return form.post("/reports");
    }

    static long id(String reportPage) {
        return Long.parseLong(reportPage.substring(reportPage.lastIndexOf('/') + 1));
    }

    /** Waits until the report page shows the text, as a user reloading it would. */
    static String awaitPageShowing(String reportPage, String text) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get(reportPage).asString().contains(text));
        return given().get(reportPage).then().statusCode(200).extract().asString();
    }

    /** The downloaded file's raw text. */
    static String download(String reportPage) {
        return new String(given().get(reportPage + "/download").then().statusCode(200).extract().asByteArray(),
                StandardCharsets.UTF_8);
    }

    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(new StringReader(csv))) {
            for (CsvRecord record : reader) {
                rows.add(record.getFields());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }
}
