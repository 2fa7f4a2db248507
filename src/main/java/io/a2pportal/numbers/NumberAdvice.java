package io.a2pportal.numbers;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.a2pportal.accounts.TenantScope;

/**
 * The advice the Active Numbers pages show beside each number, and which numbers need attention.
 * Numbers does not know who gives advice: troubleshooting, which reads numbers, implements this as a
 * bean, so the dependency runs one way only.
 */
public interface NumberAdvice {

    /** The advice on each of these numbers of one tree (already checked against the scope), most severe first, by E.164 form. */
    Map<String, List<Advice>> of(long rootId, Collection<String> e164s);

    /** The most severe advice on each of these numbers that has any, by E.164 form. */
    Map<String, Advice> mostSevere(long rootId, Collection<String> e164s);

    /** "Needs attention" as a SQL condition on a phone_number row aliased {@code n}, for one tree. */
    Condition needsAttention(long rootId);

    /**
     * How many numbers need attention per status, in the scope or in one account of it (by SID, or
     * null for the whole scope): the numbers {@link #needsAttention} selects, counted without reading
     * them all on every page.
     */
    Map<RegistrationStatus, Long> needingAttention(TenantScope scope, String accountSid);

    /** One finding as the pages show it: how urgent, its title, what is going on, what to do, and the vendor error code or null. */
    record Advice(Urgency severity, String title, String explanation, String remedy, String errorCode) {
    }

    /** How urgent a finding is, as its badge shows it: the label and the badge's CSS class suffix. */
    record Urgency(String label, String badge) {
    }

    /** A fixed SQL fragment and the values of its parameters, in order. */
    record Condition(String sql, List<Object> values) {
    }
}
