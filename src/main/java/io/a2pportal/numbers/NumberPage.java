package io.a2pportal.numbers;

import java.util.List;

/** A page of numbers in phone-number order, with the keys to the pages either side. */
public record NumberPage(List<NumberRow> rows, boolean hasPrevious, boolean hasNext) {

    public String firstKey() {
        return rows.isEmpty() ? "" : rows.get(0).e164();
    }

    public String lastKey() {
        return rows.isEmpty() ? "" : rows.get(rows.size() - 1).e164();
    }
}
