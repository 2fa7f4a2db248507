package io.a2pportal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;
import javax.sql.DataSource;

/** When every database connection is in use for longer than a page may wait, the page says so with a 503. */
@QuarkusTest
class PoolExhaustedTest {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    @Test
    @TestSecurity(user = "busy")
    @OidcSecurity(claims = @Claim(key = "email", value = "busy@pool-exhausted.test"))
    void aPageThatGetsNoConnectionInTimeAnswers503WithRetryAfter() throws Exception {
        given().get("/numbers").then().statusCode(200);

        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            given().get("/numbers").then().statusCode(503)
                    .header("Retry-After", equalTo(String.valueOf(ErrorPages.RETRY_AFTER_SECONDS)))
                    .body(containsString("Busy just now"), containsString("Nothing was changed"),
                            not(containsString("Something went wrong")), not(containsString("Exception")));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        given().get("/numbers").then().statusCode(200);
    }
}
