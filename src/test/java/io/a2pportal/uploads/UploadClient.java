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

    /**
     * Uploads and returns the result page's HTML once the upload is settled (the page stops
     * refreshing itself); fails unless the portal redirected to it.
     */
    static String upload(String fileName, byte[] content) {
        Response posted = post(fileName, content);
        if (posted.statusCode() != 303) {
            throw new AssertionError("Expected a redirect to the result, got " + posted.statusCode() + ": " + posted.asString());
        }
        String location = posted.header("Location");
        return settled(location.substring(location.indexOf("/uploads/")));
    }

    /** The upload page once it no longer refreshes itself, waiting at most 60 seconds. */
    static String settled(String path) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Response page = given().get(path);
            if (page.statusCode() != 200) {
                throw new AssertionError(path + " answered " + page.statusCode());
            }
            if (page.header("Refresh") == null) {
                return page.asString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " is still in progress:\n" + page.asString());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static long idOf(Response posted) {
        String location = posted.header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
