package io.a2pportal.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Reads the CSRF token from a page's form, as a browser would, for the POST that follows. */
public record Csrf(String cookie, String token) {

    private static final Pattern FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    public static Csrf from(String pagePath) {
        Response page = given().get(pagePath);
        Matcher matcher = FIELD.matcher(page.asString());
        if (!matcher.find()) {
            throw new AssertionError("No CSRF field on " + pagePath + " (status " + page.statusCode() + ")");
        }
        return new Csrf(page.getCookie("portal-csrf"), matcher.group(1));
    }

    /** A form POST carrying the token, as the page's form would send it. */
    public RequestSpecification form() {
        return given().redirects().follow(false).cookie("portal-csrf", cookie).formParam("csrf-token", token)
                .contentType("application/x-www-form-urlencoded");
    }
}
