package io.a2pportal.uploads;

/** Free text bound for a CSV that a spreadsheet may open: a leading formula character is defused. */
final class SpreadsheetText {

    private SpreadsheetText() {
    }

    static String neutralise(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
