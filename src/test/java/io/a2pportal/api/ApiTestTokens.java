package io.a2pportal.api;

import static io.restassured.RestAssured.given;

import io.a2pportal.accounts.Membership;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Tokens made as their user would make them on the tokens page, and requests that present them. */
@ApplicationScoped
public class ApiTestTokens {

    @Inject
    ApiTokens tokens;

    public String readWrite(Membership membership) {
        return tokens.create(membership, membership.email, "test read-write", "30", "read-write").secret();
    }

    public String readOnly(Membership membership) {
        return tokens.create(membership, membership.email, "test read-only", "30", "read-only").secret();
    }

    public static RequestSpecification as(String token) {
        return given().redirects().follow(false).header("Authorization", "Bearer " + token);
    }
}
