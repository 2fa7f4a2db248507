package io.a2pportal.uploads;

import java.util.Map;
import java.util.function.Consumer;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.shared.Formats;

/**
 * The checks of a status report row, the one place they are made: formats, a known status, an
 * account in the uploader's scope. What needs the whole file (a number listed twice, differently;
 * a number of another account) is checked by the ledger's review of the staged rows.
 */
final class StatusReportRows {

    private final Map<String, Long> accountsInScope;
    private final int account;
    private final int campaign;
    private final int service;
    private final int number;
    private final int status;
    private final int fields;

    StatusReportRows(CsvSource source, Map<String, Long> accountsInScope) {
        this.accountsInScope = accountsInScope;
        account = source.columns.get("AccountSid");
        campaign = source.columns.get("CampaignSid");
        service = source.columns.get("MessagingServiceSid");
        number = source.columns.get("PhoneNumber");
        status = source.columns.get("Status");
        fields = source.columns.size();
    }

    /** A row that passed the checks; blank SIDs are null. */
    record Row(long line, String accountSid, String campaignSid, String serviceSid, String e164, RegistrationStatus status) {
    }

    /** The row, or null when it has errors (reported to the sink). */
    Row check(CsvRecord record, Consumer<RowError> sink) {
        long line = record.getStartingLineNumber();
        if (record.getFieldCount() != fields) {
            String phone = number < record.getFieldCount() ? CsvSource.field(record, number) : null;
            sink.accept(new RowError(line, "(row)", "has " + record.getFieldCount() + " fields; a status report row has "
                    + fields + ".").of(phone));
            return null;
        }
        String accountSid = CsvSource.field(record, account);
        String campaignSid = CsvSource.field(record, campaign);
        String serviceSid = CsvSource.field(record, service);
        String e164 = CsvSource.field(record, number);
        String statusName = CsvSource.field(record, status);
        // an account in scope has a valid SID: the format is only checked for the others
        boolean inScope = accountsInScope.containsKey(accountSid);
        RegistrationStatus known = RegistrationStatus.named(statusName);
        boolean campaignValid = campaignSid.isEmpty() || Formats.isSid("CM", campaignSid) || Formats.isSid("QE", campaignSid);
        boolean serviceValid = serviceSid.isEmpty() || Formats.isSid("MG", serviceSid);
        boolean numberValid = Formats.isE164(e164);
        if (inScope && campaignValid && serviceValid && numberValid && known != null) {
            return new Row(line, accountSid, campaignSid.isEmpty() ? null : campaignSid, serviceSid.isEmpty() ? null : serviceSid,
                    e164, known);
        }
        Consumer<RowError> errors = error -> sink.accept(error.of(e164));
        if (!Formats.isSid("AC", accountSid)) {
            errors.accept(new RowError(line, "AccountSid", describe(accountSid) + " is not an account SID (AC followed by 32 lowercase hex characters)."));
        } else if (!inScope) {
            errors.accept(new RowError(line, "AccountSid", accountSid + " is not an account you can upload for."));
        }
        if (!campaignValid) {
            errors.accept(new RowError(line, "CampaignSid", describe(campaignSid) + " is not a campaign SID (CM or QE followed by 32 lowercase hex characters), nor blank."));
        }
        if (!serviceValid) {
            errors.accept(new RowError(line, "MessagingServiceSid", describe(serviceSid) + " is not a messaging service SID (MG followed by 32 lowercase hex characters), nor blank."));
        }
        if (!numberValid) {
            errors.accept(new RowError(line, "PhoneNumber", describe(e164) + " is not a phone number in E.164 form, such as +14155550123."));
        }
        if (known == null) {
            errors.accept(new RowError(line, "Status", describe(statusName) + " is not a registration status. Use one of "
                    + "UNREGISTERED, PENDING_REGISTRATION, REGISTERED, PENDING_DEREGISTRATION, FAILURE."));
        }
        return null;
    }

    static String describe(String value) {
        return value.isEmpty() ? "A blank value" : "\u201c" + Formats.shorten(value) + "\u201d";
    }
}
