package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Csrf;
import io.a2pportal.testing.Fixtures;
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

    /**
     * Uploads a file that must be rejected with this message, and checks that the tree's
     * inventory and status history are as they were.
     */
    static void assertRejected(Fixtures fixtures, Account root, String fileName, byte[] content, String message) {
        String before = fixtures.inventorySnapshot(root);
        long history = fixtures.historyCount(root);
        String page = upload(fileName, content);
        assertTrue(page.contains(message), () -> fileName + " should say \u201c" + message + "\u201d but the page says:\n" + page);
        assertTrue(page.contains("Rejected: nothing changed"), page);
        assertEquals(before, fixtures.inventorySnapshot(root));
        assertEquals(history, fixtures.historyCount(root));
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

    /** A status report of {@code rows} numbers of the account, all in this status, with campaign and service SIDs of zeros. */
    static byte[] statusReport(Account parent, int rows, String status) {
        StringBuilder csv = new StringBuilder("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append(parent.sid).append(",CM").append("0".repeat(32)).append(",MG").append("0".repeat(32)).append(",+1")
                    .append(String.format("%04d%06d", 1000 + parent.id % 9000, i)).append(',').append(status).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The content compressed with gzip, as a .csv.gz upload. */
    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(content);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long idOf(Response posted) {
        String location = posted.header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
