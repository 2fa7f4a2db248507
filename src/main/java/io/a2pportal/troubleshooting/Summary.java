package io.a2pportal.troubleshooting;

import java.util.List;

import io.a2pportal.accounts.Account;

/**
 * The diagnoses of a scope in numbers. A number with several diagnoses counts once under each rule;
 * per account it counts once, under its most severe diagnosis.
 *
 * @param needAction numbers with at least one diagnosis to act on
 * @param waiting numbers whose most severe diagnosis says to wait
 * @param accounts the scope's accounts, those with most numbers to act on first
 */
public record Summary(long numbers, long needAction, long waiting, List<RuleCount> rules, List<AccountCount> accounts) {

    public record RuleCount(Rule rule, long numbers) {
    }

    public record AccountCount(Account account, long numbers, long needAction, long waiting) {
    }
}
