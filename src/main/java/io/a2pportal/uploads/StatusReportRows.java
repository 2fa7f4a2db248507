package io.a2pportal.uploads;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.shared.Formats;

/** The per-row checks of a status report: formats, a known status, an account in the uploader's scope. */
final class StatusReportRows {

    /** The most SIDs of each column remembered as checked. */
    private static final int CHECKED_LIMIT = 4096;

    private final Map<String, Long> accountsInScope;
    // a report names few campaigns and services, each on many rows: one that passed is not checked again
    private final Set<String> campaignsChecked = new HashSet<>();
    private final Set<String> servicesChecked = new HashSet<>();
    private CsvSource positionsOf;
    private int[] positions;

    // the accounts in scope by the 128 bits of their SIDs, for rows read in place
    private final long[] accountHigh;
    private final long[] accountLow;
    private final long[] accountId;

    StatusReportRows(Map<String, Long> accountsInScope) {
        this.accountsInScope = accountsInScope;
        int slots = Integer.highestOneBit(Math.max(4, accountsInScope.size() * 4));
        accountHigh = new long[slots];
        accountLow = new long[slots];
        accountId = new long[slots];
        for (Map.Entry<String, Long> account : accountsInScope.entrySet()) {
            if (Formats.isSid("AC", account.getKey())) {
                byte[] sid = account.getKey().getBytes(StandardCharsets.US_ASCII);
                long high = TreeIndex.hex(sid, 2);
                long low = TreeIndex.hex(sid, 18);
                int slot = accountSlot(high, low);
                accountHigh[slot] = high;
                accountLow[slot] = low;
                accountId[slot] = account.getValue();
            }
        }
    }

    /** The slot of an account SID's bits: its own, or the empty one where it would go. */
    private int accountSlot(long high, long low) {
        int mask = accountId.length - 1;
        long h = (high ^ low * 31) * 0x9E3779B97F4A7C15L;
        for (int slot = (int) (h >>> 40) & mask;; slot = (slot + 1) & mask) {
            if (accountId[slot] == 0 || accountHigh[slot] == high && accountLow[slot] == low) {
                return slot;
            }
        }
    }

    /** What the comparison needs of a row read in place that passed the checks; reused from row to row. */
    static final class PlainRow {
        long accountId;
        /** Where the campaign and service SIDs start in the record's bytes, -1 when blank. */
        int campaignAt;
        int serviceAt;
        /** The E.164 number's digits as a number, as {@link TreeIndex#key} gives them. */
        long key;
        RegistrationStatus status;
    }

    /**
     * Checks a row read in place as {@link #check} would, without making strings: true when it
     * passes, with its values in {@code out}. False when {@link #check} is to look at it: it has
     * an error, or something this does not decide (an account outside the scope).
     */
    boolean checkPlain(CsvSource source, CsvRows.Plain record, PlainRow out) {
        positionsOf(source);
        byte[] bytes = record.bytes;
        int account = record.starts[positions[0]];
        if (!Formats.isSid("AC", bytes, account, record.length(positions[0]))) {
            return false;
        }
        int slot = accountSlot(TreeIndex.hex(bytes, account + 2), TreeIndex.hex(bytes, account + 18));
        if (accountId[slot] == 0) {
            return false;
        }
        int campaign = record.starts[positions[1]];
        int campaignLength = record.length(positions[1]);
        int service = record.starts[positions[2]];
        int serviceLength = record.length(positions[2]);
        if (campaignLength != 0 && !Formats.isSid("CM", bytes, campaign, campaignLength)
                && !Formats.isSid("QE", bytes, campaign, campaignLength)
                || serviceLength != 0 && !Formats.isSid("MG", bytes, service, serviceLength)) {
            return false;
        }
        int number = record.starts[positions[3]];
        int numberLength = record.length(positions[3]);
        RegistrationStatus status = RegistrationStatus.named(bytes, record.starts[positions[4]], record.length(positions[4]));
        if (!Formats.isE164(bytes, number, numberLength) || status == null) {
            return false;
        }
        long key = 0;
        for (int i = number + 1; i < number + numberLength; i++) {
            key = key * 10 + bytes[i] - '0';
        }
        out.accountId = accountId[slot];
        out.campaignAt = campaignLength == 0 ? -1 : campaign;
        out.serviceAt = serviceLength == 0 ? -1 : service;
        out.key = key;
        out.status = status;
        return true;
    }

    private void positionsOf(CsvSource source) {
        if (source != positionsOf) {
            positionsOf = source;
            positions = new int[] { source.columns.get("AccountSid"), source.columns.get("CampaignSid"),
                    source.columns.get("MessagingServiceSid"), source.columns.get("PhoneNumber"), source.columns.get("Status") };
        }
    }

    /** A row that passed the checks: its values in staging order, its status and its account's id. */
    record Row(String[] values, RegistrationStatus status, long accountId) {
    }

    /** The row, or null when it has errors (reported to the sink). */
    Row check(CsvSource source, CsvRows.Row record, Consumer<RowError> sink) {
        long line = record.getStartingLineNumber();
        positionsOf(source);
        if (record.getFieldCount() != source.columns.size()) {
            String phone = positions[3] < record.getFieldCount() ? CsvSource.field(record, positions[3]) : null;
            sink.accept(new RowError(line, "(row)", "has " + record.getFieldCount() + " fields; a status report row has "
                    + source.columns.size() + ".").of(phone));
            return null;
        }
        String account = CsvSource.field(record, positions[0]);
        String campaign = CsvSource.field(record, positions[1]);
        String service = CsvSource.field(record, positions[2]);
        String number = CsvSource.field(record, positions[3]);
        String status = CsvSource.field(record, positions[4]);
        // an account in scope has a valid SID: the format is only checked for the others
        Long accountId = accountsInScope.get(account);
        RegistrationStatus known = RegistrationStatus.named(status);
        boolean campaignValid = blankOrValid(campaignsChecked, campaign, sid -> Formats.isSid("CM", sid) || Formats.isSid("QE", sid));
        boolean serviceValid = blankOrValid(servicesChecked, service, sid -> Formats.isSid("MG", sid));
        boolean numberValid = Formats.isE164(number);
        if (accountId != null && campaignValid && serviceValid && numberValid && known != null) {
            return new Row(new String[] { account, campaign, service, number, status }, known, accountId);
        }
        Consumer<RowError> errors = error -> sink.accept(error.of(number));
        if (!Formats.isSid("AC", account)) {
            errors.accept(new RowError(line, "AccountSid", describe(account) + " is not an account SID (AC followed by 32 lowercase hex characters)."));
        } else if (accountId == null) {
            errors.accept(new RowError(line, "AccountSid", account + " is not an account you can upload for."));
        }
        if (!campaignValid) {
            errors.accept(new RowError(line, "CampaignSid", describe(campaign) + " is not a campaign SID (CM or QE followed by 32 lowercase hex characters), nor blank."));
        }
        if (!serviceValid) {
            errors.accept(new RowError(line, "MessagingServiceSid", describe(service) + " is not a messaging service SID (MG followed by 32 lowercase hex characters), nor blank."));
        }
        if (!numberValid) {
            errors.accept(new RowError(line, "PhoneNumber", describe(number) + " is not a phone number in E.164 form, such as +14155550123."));
        }
        if (known == null) {
            errors.accept(new RowError(line, "Status", describe(status) + " is not a registration status. Use one of "
                    + "UNREGISTERED, PENDING_REGISTRATION, REGISTERED, PENDING_DEREGISTRATION, FAILURE."));
        }
        return null;
    }

    /** Whether a SID is blank or of the right format; one that passed before is not checked again. */
    private static boolean blankOrValid(Set<String> passed, String sid, Predicate<String> format) {
        if (sid.isEmpty() || passed.contains(sid)) {
            return true;
        }
        boolean valid = format.test(sid);
        if (valid && passed.size() < CHECKED_LIMIT) {
            passed.add(sid);
        }
        return valid;
    }

    static String describe(String value) {
        return value.isEmpty() ? "A blank value" : "\u201c" + Formats.shorten(value) + "\u201d";
    }
}
