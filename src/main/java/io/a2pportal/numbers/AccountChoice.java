package io.a2pportal.numbers;

/**
 * One option of the Active Numbers account filter: what the option shows, read as plain columns (a
 * large tree has hundreds of subaccounts, and the page is drawn for every filter and page turn).
 */
public record AccountChoice(String sid, String name, boolean topLevel, boolean selected) {
}
