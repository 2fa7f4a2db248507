package io.a2pportal.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.db.DatabaseRelay;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** While the database cannot be reached, pages say so with a 503 and come back by themselves after. */
@QuarkusTest
@TestProfile(DatabaseOutageTest.BehindARelay.class)
class DatabaseOutageTest {

    /** The portal reaches its database through a relay the test can cut. */
    public static class BehindARelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", DatabaseRelay.jdbcUrl(),
                    "quarkus.datasource.username", DatabaseRelay.user(),
                    "quarkus.datasource.password", DatabaseRelay.user());
        }
    }

    @AfterEach
    void restore() {
        DatabaseRelay.restore();
    }

    @Test
    @TestSecurity(user = "outage")
    @OidcSecurity(claims = @Claim(key = "email", value = "outage@database-outage.test"))
    void pagesAnswer503WithRetryAfterWhileTheDatabaseIsUnreachableAndRecoverAfter() {
        given().get("/numbers").then().statusCode(200);

        DatabaseRelay.cut();
        // the job scheduler's polls fail on their own threads meanwhile, as they should: what is checked here is the pages
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> given().get("/numbers").statusCode() == 503);
        given().get("/numbers").then().statusCode(503)
                .header("Retry-After", equalTo(String.valueOf(ErrorPages.RETRY_AFTER_SECONDS)))
                .body(containsString("Temporarily unavailable"))
                .body(containsString("cannot reach its database"))
                .body(not(containsString("Exception")));

        DatabaseRelay.restore();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
                .until(() -> given().get("/numbers").statusCode() == 200);
    }
}
