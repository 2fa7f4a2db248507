package io.a2pportal.shared;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;


/** The identifier formats, at their edges. */
class FormatsTest {

    @Test
    void sidsAreTwoCapitalsAnd32LowercaseHexCharacters() {
        assertTrue(Formats.isSid("AC", "AC" + "0123456789abcdef".repeat(2)));
        assertTrue(Formats.isSid("PN", "PN" + "f".repeat(32)));
        assertFalse(Formats.isSid("AC", "PN" + "f".repeat(32)), "another kind");
        assertFalse(Formats.isSid("AC", "AC" + "F".repeat(32)), "uppercase hex");
        assertFalse(Formats.isSid("AC", "AC" + "g".repeat(32)), "not hex");
        assertFalse(Formats.isSid("AC", "AC" + "f".repeat(31)), "too short");
        assertFalse(Formats.isSid("AC", "AC" + "f".repeat(33)), "too long");
        assertFalse(Formats.isSid("ac", "ac" + "f".repeat(32)), "lowercase prefix");
        assertFalse(Formats.isSid("AC", null));
    }

    @Test
    void e164IsAPlusAndSevenToFifteenDigitsNotStartingWithZero() {
        assertTrue(Formats.isE164("+14155550123"));
        assertTrue(Formats.isE164("+1234567"), "seven digits");
        assertTrue(Formats.isE164("+123456789012345"), "fifteen digits");
        assertFalse(Formats.isE164("+123456"), "six digits");
        assertFalse(Formats.isE164("+1234567890123456"), "sixteen digits");
        assertFalse(Formats.isE164("+04155550123"), "leading zero");
        assertFalse(Formats.isE164("14155550123"), "no plus");
        assertFalse(Formats.isE164("+1415555012a"));
        assertFalse(Formats.isE164("+1 415 555 0123"));
        assertFalse(Formats.isE164(null));
    }
}
