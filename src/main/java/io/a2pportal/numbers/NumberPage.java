package io.a2pportal.numbers;

import java.util.List;
import java.util.Map;

/** A page of numbers in phone-number order, with the keys to the pages either side. */
public record NumberPage(List<NumberRow> rows, boolean hasPrevious, boolean hasNext) {

    /** The page with each row's most severe advice, by E.164 form. */
    public NumberPage withAdvice(Map<String, NumberAdvice.Advice> advice) {
        return new NumberPage(rows.stream().map(row -> row.withAdvice(advice.get(row.e164()))).toList(), hasPrevious, hasNext);
    }

    public String firstKey() {
        return rows.isEmpty() ? "" : rows.get(0).e164();
    }

    public String lastKey() {
        return rows.isEmpty() ? "" : rows.get(rows.size() - 1).e164();
    }
}
