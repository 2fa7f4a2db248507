package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;

import io.a2pportal.testing.Csrf;
import io.restassured.response.Response;

/** Uploads a file as the upload page's form does, then opens the page the portal redirects to. */
final class UploadClient {

    private UploadClient() {
    }

    static Response post(String fileName, byte[] content) {
        Csrf csrf = Csrf.from("/uploads");
        return given().redirects().follow(false).cookie("portal-csrf", csrf.cookie()).multiPart("csrf-token", csrf.token())
                .multiPart("file", fileName, content, "text/csv").post("/uploads");
    }

    /** Uploads and returns the result page's HTML; fails unless the portal redirected to it. */
    static String upload(String fileName, byte[] content) {
        Response posted = post(fileName, content);
        if (posted.statusCode() != 303) {
            throw new AssertionError("Expected a redirect to the result, got " + posted.statusCode() + ": " + posted.asString());
        }
        String location = posted.header("Location");
        return given().get(location.substring(location.indexOf("/uploads/"))).then().statusCode(200).extract().asString();
    }

    static long idOf(Response posted) {
        String location = posted.header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
