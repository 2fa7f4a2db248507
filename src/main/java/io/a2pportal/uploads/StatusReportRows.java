package io.a2pportal.uploads;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.a2pportal.numbers.Formats;
import io.a2pportal.numbers.RegistrationStatus;

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

    StatusReportRows(Map<String, Long> accountsInScope) {
        this.accountsInScope = accountsInScope;
    }

    /** A row that passed the checks: its values in staging order, its status and its account's id. */
    record Row(String[] values, RegistrationStatus status, long accountId) {
    }

    /** The row, or null when it has errors (reported to the sink). */
    Row check(CsvSource source, CsvRows.Row record, Consumer<RowError> errors) {
        long line = record.getStartingLineNumber();
        if (record.getFieldCount() != source.columns.size()) {
            errors.accept(new RowError(line, "(row)", "has " + record.getFieldCount() + " fields; a status report row has "
                    + source.columns.size() + "."));
            return null;
        }
        if (source != positionsOf) {
            positionsOf = source;
            positions = new int[] { source.columns.get("AccountSid"), source.columns.get("CampaignSid"),
                    source.columns.get("MessagingServiceSid"), source.columns.get("PhoneNumber"), source.columns.get("Status") };
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
