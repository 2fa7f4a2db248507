package io.a2pportal.api;

import static io.a2pportal.api.ApiTestTokens.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** Each token has its own budget of requests a minute; past it, 429 with the seconds to wait. */
@QuarkusTest
@TestProfile(ApiRateLimitTest.TinyLimit.class)
class ApiRateLimitTest {

    static final String DOMAIN = "api-rate-limit.test";

    public static class TinyLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.api.rate-limit", "3");
        }
    }

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    Fixtures fixtures;

    @Inject
    ApiTestTokens tokens;

    @Test
    void aTokenPastItsLimitWaitsWhileAnotherTokenGoesOn() {
        String busy = tokens.readOnly(fixtures.membershipOf("owner-a@" + DOMAIN));
        String other = tokens.readOnly(fixtures.membershipOf("owner-b@" + DOMAIN));
        for (int i = 0; i < 3; i++) {
            as(busy).get("/api/v1/counts").then().statusCode(200);
        }
        String retryAfter = as(busy).get("/api/v1/counts").then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429)).body("detail", containsString("Try again in")).extract().header("Retry-After");
        // 3 a minute: one more request in about 20 seconds
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 20, retryAfter);
        as(other).get("/api/v1/counts").then().statusCode(200);
    }
}
