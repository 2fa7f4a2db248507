package io.a2pportal.uploads;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import io.a2pportal.numbers.RegistrationStatus;

/**
 * The numbers of one account tree as the inventory holds them, or of one share of the tree when it
 * is too large to hold at once, so that each row of a status report can be compared with its
 * number as it is read: only rows that add or change a number go to the database.
 *
 * A number costs 32 bytes of an open-addressing table keyed by the E.164 digits, which is kept two
 * thirds full (48 MB for a million numbers).
 * SIDs are held as codes of a dictionary of the SIDs the tree's numbers carry; a SID outside the
 * dictionary (it is capped) never compares equal, so its row is staged and the database decides.
 */
final class TreeIndex {

    /** Code of a blank SID. */
    static final int BLANK = -1;
    /** Code of a SID outside the dictionary: equal to nothing. */
    static final int UNKNOWN = -2;

    /** The most SIDs the dictionary holds by default. */
    static final int DICTIONARY_LIMIT = 100_000;
    private static final int STATUS = 0x07;
    private static final int SERVICE_AGREES = 0x08;
    private static final int STAGED = 0x10;
    private static final RegistrationStatus[] STATUSES = RegistrationStatus.values();

    // four longs a slot, so that one number is one cache line: the key (0 for an empty slot);
    // flags (8 bits), account code + 2 (24 bits) and first line (32 bits); campaign and service
    // codes; the number's id
    private long[] table;
    private int size;

    private final int dictionaryLimit;

    private TreeIndex(int expected, int dictionaryLimit) {
        this.dictionaryLimit = dictionaryLimit;
        // two thirds full when the tree holds as many numbers as expected (it grows past three quarters)
        table = new long[4 * Math.max(16, expected + expected / 2)];
    }

    /**
     * Reads the tree's numbers whose key falls in the given share ({@code share} of {@code shares}),
     * parsing COPY's text rows byte by byte: a million numbers make no strings.
     *
     * @param accountIds the tree's account ids in order: an account's code is its position
     * @param serviceIds messaging service SID to id, for the tree's services
     */
    static TreeIndex load(Connection c, long root, int shares, int share, int expected, long[] accountIds,
            Map<String, Long> serviceIds, int dictionaryLimit) throws SQLException {
        TreeIndex index = new TreeIndex(expected / shares + 1, dictionaryLimit);
        CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select e164, id, account_id, status, "
                + "reported_campaign_sid, reported_service_sid, messaging_service_id from phone_number where root_account_id = "
                + root + (shares > 1 ? " and substr(e164, 2)::bigint % " + shares + " = " + share : "") + ") to stdout");
        int[] at = new int[1];
        for (byte[] row = copy.readFromCopy(); row != null; row = copy.readFromCopy()) {
            at[0] = 1; // after the '+'
            long key = number(row, at);
            long id = number(row, at);
            long accountId = number(row, at);
            int found = Arrays.binarySearch(accountIds, accountId);
            int account = found >= 0 ? found : UNKNOWN;
            int start = at[0];
            while (row[at[0]] != '\t') {
                at[0]++;
            }
            int status = RegistrationStatus.withNameLength(at[0] - start).ordinal();
            at[0]++;
            int campaign = index.sid(row, at, serviceIds);
            int service = index.sid(row, at, serviceIds);
            boolean agrees;
            if (at[0] >= row.length || row[at[0]] == '\\') {
                agrees = service < 0 || index.resolved[service] == 0;
            } else {
                long serviceId = number(row, at);
                agrees = service < 0 || index.resolved[service] == 0 || index.resolved[service] == serviceId;
            }
            index.put(key, id, status | (agrees ? SERVICE_AGREES : 0), account, campaign, service);
        }
        return index;
    }

    /** Reads digits up to the next tab or line end, and steps past it. */
    private static long number(byte[] row, int[] at) {
        long value = 0;
        int i = at[0];
        for (; i < row.length && row[i] >= '0' && row[i] <= '9'; i++) {
            value = value * 10 + (row[i] - '0');
        }
        at[0] = i + 1;
        return value;
    }

    /** Reads a SID field (or \N) and steps past it: its dictionary code. */
    private int sid(byte[] row, int[] at, Map<String, Long> serviceIds) {
        int i = at[0];
        if (row[i] == '\\') {
            at[0] = i + 3;
            return BLANK;
        }
        at[0] = i + 35;
        int prefix = prefix((char) row[i], (char) row[i + 1]);
        long high = hex(row, i + 2);
        long low = hex(row, i + 18);
        int code = codeOf(prefix, high, low);
        if (code != BLANK) {
            return code;
        }
        if (dictionarySize >= dictionaryLimit) {
            return UNKNOWN;
        }
        Long serviceId = serviceIds.get(new String(row, i, 34, StandardCharsets.US_ASCII));
        return remember(prefix, high, low, serviceId == null ? 0 : serviceId);
    }

    /** The 64 bits of 16 lowercase hexadecimal characters (checked before). */
    static long hex(byte[] row, int from) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            int b = row[i];
            value = value << 4 | (b <= '9' ? b - '0' : b - 'a' + 10);
        }
        return value;
    }

    private static long hex(String sid, int from) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            int b = sid.charAt(i);
            value = value << 4 | (b <= '9' ? b - '0' : b - 'a' + 10);
        }
        return value;
    }

    private static int prefix(char first, char second) {
        return first << 8 | second;
    }

    /** The E.164 number's digits as a number: unique, since E.164 numbers never start with 0. */
    static long key(String e164) {
        return Long.parseLong(e164, 1, e164.length(), 10);
    }

    /** The code of a SID of the file (checked as a SID, or blank): blank, a dictionary code, or UNKNOWN. */
    int code(String sid) {
        if (sid.isEmpty()) {
            return BLANK;
        }
        Integer known = codesOfText.get(sid);
        if (known != null) {
            return known;
        }
        int code = codeOf(prefix(sid.charAt(0), sid.charAt(1)), hex(sid, 2), hex(sid, 18));
        if (code == BLANK) {
            return UNKNOWN;
        }
        // a SID's code never changes once it has one (UNKNOWN may yet be learned)
        if (codesOfText.size() < CODES_OF_TEXT_LIMIT) {
            codesOfText.put(sid, code);
        }
        return code;
    }

    /** The same for a SID of the file given as its 34 bytes (checked as a SID): a dictionary code, or UNKNOWN. */
    int code(byte[] bytes, int from) {
        int code = codeOf(prefix((char) bytes[from], (char) bytes[from + 1]), hex(bytes, from + 2), hex(bytes, from + 18));
        return code == BLANK ? UNKNOWN : code;
    }

    /**
     * The code of a SID of the file, added to the dictionary when it is not there yet (and there
     * is room): UNKNOWN only when the dictionary is full.
     */
    int learn(String sid) {
        int code = code(sid);
        if (code != UNKNOWN || dictionarySize >= dictionaryLimit) {
            return code;
        }
        return remember(prefix(sid.charAt(0), sid.charAt(1)), hex(sid, 2), hex(sid, 18), 0);
    }

    // the dictionary: SIDs as their prefix and 128 bits, in an open-addressing table of its own
    private int[] dictionaryPrefix = new int[1024];
    private long[] dictionaryHigh = new long[1024];
    private long[] dictionaryLow = new long[1024];
    private int[] dictionaryCode = new int[1024];
    /** The id of the tree's messaging service with a dictionary SID, 0 when it is none of them. */
    private long[] resolved = new long[1024];
    private int dictionarySize;
    /** The most SIDs of the file whose codes are remembered by their text. */
    private static final int CODES_OF_TEXT_LIMIT = 4096;
    // a report names few campaigns and services, each on many rows: their codes are found by text
    private final Map<String, Integer> codesOfText = new HashMap<>();

    /** The dictionary code of a SID, or BLANK when it is not in the dictionary. */
    private int codeOf(int prefix, long high, long low) {
        int mask = dictionaryPrefix.length - 1;
        for (int slot = (int) (mix(high ^ low * 31 ^ prefix) & mask);; slot = (slot + 1) & mask) {
            if (dictionaryPrefix[slot] == 0) {
                return BLANK;
            }
            if (dictionaryPrefix[slot] == prefix && dictionaryHigh[slot] == high && dictionaryLow[slot] == low) {
                return dictionaryCode[slot];
            }
        }
    }

    private int remember(int prefix, long high, long low, long serviceId) {
        if (dictionarySize + 1 > dictionaryPrefix.length / 2) {
            int[] oldPrefix = dictionaryPrefix;
            long[] oldHigh = dictionaryHigh;
            long[] oldLow = dictionaryLow;
            int[] oldCode = dictionaryCode;
            dictionaryPrefix = new int[oldPrefix.length * 2];
            dictionaryHigh = new long[oldPrefix.length * 2];
            dictionaryLow = new long[oldPrefix.length * 2];
            dictionaryCode = new int[oldPrefix.length * 2];
            for (int i = 0; i < oldPrefix.length; i++) {
                if (oldPrefix[i] != 0) {
                    place(oldPrefix[i], oldHigh[i], oldLow[i], oldCode[i]);
                }
            }
        }
        int code = dictionarySize++;
        if (code == resolved.length) {
            resolved = Arrays.copyOf(resolved, code * 2);
        }
        resolved[code] = serviceId;
        place(prefix, high, low, code);
        return code;
    }

    private void place(int prefix, long high, long low, int code) {
        int mask = dictionaryPrefix.length - 1;
        int slot = (int) (mix(high ^ low * 31 ^ prefix) & mask);
        while (dictionaryPrefix[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        dictionaryPrefix[slot] = prefix;
        dictionaryHigh[slot] = high;
        dictionaryLow[slot] = low;
        dictionaryCode[slot] = code;
    }

    private void put(long key, long id, int flags, int account, int campaign, int service) {
        if (size + 1 > slots() / 4 * 3) {
            grow();
        }
        int at = 4 * slotOf(key);
        if (table[at] == 0) {
            size++;
        }
        table[at] = key;
        table[at + 1] = (long) (flags & 0xff) << 56 | (long) (account + 2) << 32;
        table[at + 2] = (long) campaign << 32 | service & 0xffffffffL;
        table[at + 3] = id;
    }

    private int slots() {
        return table.length / 4;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (int at = 0; at < old.length; at += 4) {
            if (old[at] != 0) {
                int slot = 4 * slotOf(old[at]);
                table[slot] = old[at];
                table[slot + 1] = old[at + 1];
                table[slot + 2] = old[at + 2];
                table[slot + 3] = old[at + 3];
                size++;
            }
        }
    }

    private int slotOf(long key) {
        int slots = slots();
        // Fibonacci hashing, scaled to the table's size: the product's top bits spread even
        // consecutive numbers one to a slot
        int slot = (int) Math.unsignedMultiplyHigh(key * 0x9E3779B97F4A7C15L, slots);
        while (table[4 * slot] != 0 && table[4 * slot] != key) {
            if (++slot == slots) {
                slot = 0;
            }
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** The slot of a known number, or -1 for a number the tree (share) does not hold. */
    int find(long key) {
        int slot = slotOf(key);
        return table[4 * slot] == 0 ? -1 : slot;
    }

    int size() {
        return size;
    }

    private int flags(int slot) {
        return (int) (table[4 * slot + 1] >>> 56);
    }

    RegistrationStatus status(int slot) {
        return STATUSES[flags(slot) & STATUS];
    }

    long id(int slot) {
        return table[4 * slot + 3];
    }

    int account(int slot) {
        return (int) (table[4 * slot + 1] >>> 32 & 0xffffff) - 2;
    }

    /** Whether a row with these values leaves the number exactly as it is. */
    boolean unchanged(int slot, int account, int campaign, int service, RegistrationStatus status) {
        int flags = flags(slot);
        long codes = table[4 * slot + 2];
        return (flags & SERVICE_AGREES) != 0 && (flags & STATUS) == status.ordinal() && account(slot) == account
                && account != UNKNOWN && (int) (codes >> 32) == campaign && campaign != UNKNOWN && (int) codes == service
                && service != UNKNOWN;
    }

    /** The line the number was first listed on in the file, 0 before that. */
    int firstLine(int slot) {
        return (int) table[4 * slot + 1];
    }

    void listed(int slot, long line, boolean staged) {
        long packed = table[4 * slot + 1] & 0xffffffff00000000L | Math.min(line, Integer.MAX_VALUE);
        table[4 * slot + 1] = staged ? packed | (long) STAGED << 56 : packed;
    }

    /**
     * Records the first listing of a number that changes it, and its values, so that a later
     * listing is compared with this one (codes from {@link #learn}, none UNKNOWN).
     */
    void listedChanged(int slot, long line, RegistrationStatus status, int account, int campaign, int service) {
        int at = 4 * slot;
        table[at + 1] = (long) (status.ordinal() | SERVICE_AGREES) << 56 | (long) (account + 2) << 32
                | Math.min(line, Integer.MAX_VALUE);
        table[at + 2] = (long) campaign << 32 | service & 0xffffffffL;
    }

    boolean staged(int slot) {
        return (flags(slot) & STAGED) != 0;
    }
}
