package io.a2pportal.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Active Numbers table as a user would: the numbers shown, page after page. */
public final class Pages {

    private static final Pattern NUMBER_CELL = Pattern.compile("<td><a href=\"/numbers/[^\"]+\">(\\+[0-9]+)</a></td>");
    private static final Pattern NEXT = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\"");

    private Pages() {
    }

    /** The phone numbers listed on one page, in order. */
    public static List<String> numbersOn(String html) {
        List<String> numbers = new ArrayList<>();
        Matcher matcher = NUMBER_CELL.matcher(html);
        while (matcher.find()) {
            numbers.add(matcher.group(1));
        }
        return numbers;
    }

    public static String nextLink(String html) {
        Matcher matcher = NEXT.matcher(html);
        return matcher.find() ? matcher.group(1).replace("&amp;", "&") : null;
    }

    /** Every number shown by following the Next links from the given page. */
    public static List<String> allNumbers(String path) {
        List<String> numbers = new ArrayList<>();
        String next = path;
        for (int pages = 0; next != null; pages++) {
            if (pages > 1000) {
                throw new AssertionError("Next links never end");
            }
            String html = given().urlEncodingEnabled(false).get(next).then().statusCode(200).extract().asString();
            numbers.addAll(numbersOn(html));
            next = nextLink(html);
        }
        return numbers;
    }
}
