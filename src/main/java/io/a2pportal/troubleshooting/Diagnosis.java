package io.a2pportal.troubleshooting;

/**
 * One finding about a number: which rule found it, how urgent it is, what is going on in plain words,
 * what to do, and the vendor error code a user would see (or null when none is documented).
 */
public record Diagnosis(Rule rule, Severity severity, String explanation, String remedy, String errorCode) {

    public boolean needsAction() {
        return severity == Severity.ACT;
    }
}
