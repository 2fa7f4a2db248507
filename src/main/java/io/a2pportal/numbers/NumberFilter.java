package io.a2pportal.numbers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.Formats;
import io.a2pportal.shared.InvalidInputException;
import jakarta.ws.rs.NotFoundException;

/**
 * The Active Numbers filters, checked against the current scope: a malformed value is a clear
 * error, a subaccount outside the scope does not exist (404). {@code attention} keeps the numbers
 * with at least one diagnosis to act on.
 */
public record NumberFilter(RegistrationStatus status, Account account, String digits, boolean attention, String after,
        String before) {

    public static NumberFilter none() {
        return new NumberFilter(null, null, null, false, null, null);
    }

    public static NumberFilter parse(TenantScope scope, String status, String accountSid, String search, String after,
            String before) {
        return parse(scope, status, accountSid, search, null, after, before);
    }

    public static NumberFilter parse(TenantScope scope, String status, String accountSid, String search, String attention,
            String after, String before) {
        RegistrationStatus parsedStatus = blank(status) ? null : RegistrationStatus.parse(status.trim());
        Account account = null;
        if (!blank(accountSid)) {
            String sid = Formats.requireSid("AC", accountSid.trim(), "An account SID");
            account = Account.findInScope(scope, sid).orElseThrow(NotFoundException::new);
        }
        return new NumberFilter(parsedStatus, account, digits(search), flag(attention), cursor(after), cursor(before));
    }

    private static boolean flag(String value) {
        if (blank(value)) {
            return false;
        }
        if (!value.trim().equals("1")) {
            throw new InvalidInputException("The \u201cneeds attention\u201d filter is either on (1) or left out.");
        }
        return true;
    }

    private static String digits(String search) {
        if (blank(search)) {
            return null;
        }
        String trimmed = search.trim();
        if (trimmed.length() > 20 || !trimmed.matches("\\+?[0-9 ().-]+")) {
            throw new InvalidInputException("Search by the digits of a phone number, such as 415555 or +14155550123, not \u201c"
                    + Formats.shorten(trimmed) + "\u201d.");
        }
        return trimmed.replaceAll("[^0-9]", "");
    }

    private static String cursor(String value) {
        return blank(value) ? null : Formats.requireE164(value.trim());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public NumberFilter withoutStatus() {
        return new NumberFilter(null, account, digits, attention, after, before);
    }

    /** The query string of the filters (without the page cursor), for links that keep them. */
    public String query() {
        List<String> parts = new ArrayList<>();
        if (status != null) {
            parts.add("status=" + status.name());
        }
        if (account != null) {
            parts.add("account=" + account.sid);
        }
        if (digits != null) {
            parts.add("q=" + URLEncoder.encode(digits, StandardCharsets.UTF_8));
        }
        if (attention) {
            parts.add("attention=1");
        }
        return String.join("&", parts);
    }

    /** What a link to one status of the chart adds to its status: the subaccount and attention filters. */
    public String statusLinkSuffix() {
        return (account != null ? "&account=" + account.sid : "") + (attention ? "&attention=1" : "");
    }

    public String statusName() {
        return status == null ? "" : status.name();
    }

    public String accountSid() {
        return account == null ? "" : account.sid;
    }

    public String search() {
        return digits == null ? "" : digits;
    }
}
