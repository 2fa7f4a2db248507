package io.a2pportal.numbers;

import java.util.List;

/** One option of the Active Numbers status filter, knowing whether the filter has it. */
public record StatusChoice(RegistrationStatus status, boolean selected) {

    /** Every status, in order, the filter's own selected. */
    public static List<StatusChoice> all(NumberFilter filter) {
        return List.of(RegistrationStatus.values()).stream().map(s -> new StatusChoice(s, s == filter.status())).toList();
    }
}
