package io.a2pportal.shared;

import java.util.regex.Pattern;

/** The identifier formats of the domain, checked wherever a value comes in. */
public final class Formats {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");

    private Formats() {
    }

    /** A SID of the given two-letter kind: {@code AC}, {@code PN}, {@code MG}, {@code QE}, {@code CM}, {@code BN}, {@code BU}. */
    public static boolean isSid(String prefix, String value) {
        // checked by hand rather than by SID: this runs for every cell of a million-row upload
        if (value == null || value.length() != 34 || !value.startsWith(prefix) || prefix.length() != 2
                || !isUpper(prefix.charAt(0)) || !isUpper(prefix.charAt(1))) {
            return false;
        }
        for (int i = 2; i < 34; i++) {
            if (!isLowerHex(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isE164(String value) {
        if (value == null || value.length() < 8 || value.length() > 16 || value.charAt(0) != '+' || value.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    public static boolean isEmail(String value) {
        return value != null && value.length() <= 320 && EMAIL.matcher(value).matches();
    }

    public static String requireSid(String prefix, String value, String what) {
        if (!isSid(prefix, value)) {
            throw new InvalidInputException(what + " must be " + prefix + " followed by 32 lowercase hexadecimal characters"
                    + (value == null || value.isBlank() ? "." : ", not \u201c" + shorten(value) + "\u201d."));
        }
        return value;
    }

    public static String requireE164(String value) {
        if (!isE164(value)) {
            throw new InvalidInputException("A phone number must be in E.164 form, such as +14155550123"
                    + (value == null || value.isBlank() ? "." : ", not \u201c" + shorten(value) + "\u201d."));
        }
        return value;
    }

    public static String requireEmail(String value) {
        String email = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!isEmail(email)) {
            throw new InvalidInputException("\u201c" + shorten(value == null ? "" : value) + "\u201d is not a valid email address.");
        }
        return email;
    }

    /** Cuts user input to a length that is safe to echo back in a message. */
    public static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
