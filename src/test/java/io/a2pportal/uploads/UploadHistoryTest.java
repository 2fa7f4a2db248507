package io.a2pportal.uploads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** The history of uploads pages like Active Numbers: newest first, 50 a page, an "Older" link to the rest. */
@QuarkusTest
@TestSecurity(user = "owner")
@OidcSecurity(claims = @Claim(key = "email", value = UploadHistoryTest.OWNER))
class UploadHistoryTest {

    static final String OWNER = "owner@upload-history.test";
    private static final Pattern FILE = Pattern.compile(">(history-\\d\\d\\.csv)</a>");
    private static final Pattern OLDER = Pattern.compile("href=\"(/uploads\\?before=\\d+)[^\"]*\">Older");

    @Inject
    Fixtures fixtures;

    @Test
    void everyUploadIsReachableThroughOlderPages() {
        Account parent = fixtures.ownedTree("History Parent", OWNER);
        Account other = fixtures.parent("History Other Parent");
        fixtures.uploadFor(other, "history-99.csv");
        for (int i = 0; i < 60; i++) {
            fixtures.uploadFor(parent, String.format("history-%02d.csv", i));
        }

        String first = given().get("/uploads").then().statusCode(200).extract().asString();
        List<String> expected = new ArrayList<>();
        for (int i = 59; i >= 10; i--) {
            expected.add(String.format("history-%02d.csv", i));
        }
        assertEquals(expected, files(first));
        Matcher older = OLDER.matcher(first);
        assertTrue(older.find(), first);

        String second = given().urlEncodingEnabled(false).get(older.group(1)).then().statusCode(200).extract().asString();
        expected.clear();
        for (int i = 9; i >= 0; i--) {
            expected.add(String.format("history-%02d.csv", i));
        }
        assertEquals(expected, files(second));
        assertFalse(OLDER.matcher(second).find(), second);
        assertTrue(second.contains("Newest</a>"), second);

        // another tenant's upload is no key to a page
        long others = fixtures.uploadFor(other, "history-98.csv");
        given().get("/uploads?before=" + others).then().statusCode(404);
    }

    private static List<String> files(String page) {
        List<String> files = new ArrayList<>();
        Matcher m = FILE.matcher(page);
        while (m.find()) {
            files.add(m.group(1));
        }
        return files;
    }
}
