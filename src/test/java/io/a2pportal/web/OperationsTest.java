package io.a2pportal.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What an operator relies on: health with the database and the job workers, metrics, request ids. */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksTheDatabaseAndTheJobWorkers() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job workers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job workers' }.data.running", equalTo(true));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void prometheusMetricsCountReportsAndUploadsByStateAndTimeJobs() {
        given().when().get("/signed-out").then().statusCode(200);
        // the recurring expiry job runs every 500 ms in tests
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("portal_reports{state=\"ready\"}"))
                .body(containsString("portal_uploads{state=\"applied\"}"))
                .body(containsString("portal_jobs_seconds_count{result=\"ok\",task=\"expire-reports\"}"))
                .body(containsString("http_server_requests_seconds_count")));
    }

    @Test
    void everyResponseCarriesARequestIdAndKeepsTheIngressOne() {
        given().header("X-Request-ID", "ingress-req-0123456789").when().get("/signed-out").then()
                .header("X-Request-ID", "ingress-req-0123456789");
        given().when().get("/signed-out").then()
                .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Request-ID", "bad id\twith control").when().get("/signed-out").then()
                .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}"));
    }
}
