package io.a2pportal.numbers;

import java.util.function.LongSupplier;

import io.a2pportal.shared.Formats;
import io.a2pportal.shared.InvalidInputException;

/**
 * Which of the numbers matching the filters a page shows, as in "51–100 of 2,320", and where the
 * pages either side start.
 * <p>
 * Keyset pages do not know their position, and counting the numbers before a deep page would cost
 * a walk of the index up to it. So the first and last pages place themselves (at 1, and at the end
 * of the total), and the pager's links carry the position of the page they lead to ({@code from}).
 * Only a link without one, made by hand, counts the numbers before the page.
 */
public record PageRange(long first, long last, long total, long previousFirst) {

    public static PageRange of(NumberPage page, long total, int pageSize, Long carriedFirst, LongSupplier countBefore) {
        int shown = page.rows().size();
        long first;
        if (!page.hasPrevious()) {
            first = 1;
        } else if (!page.hasNext()) {
            first = total - shown + 1;
        } else {
            long given = carriedFirst != null ? carriedFirst : countBefore.getAsLong() + 1;
            // a page between two others neither starts the list nor ends it, whatever a stale link says
            first = Math.min(given, total - shown);
        }
        first = Math.max(first, page.hasPrevious() ? 2 : 1);
        return new PageRange(first, first + shown - 1, total, Math.max(1, first - pageSize));
    }

    public long nextFirst() {
        return last + 1;
    }

    /** The {@code from} of a pager link: a position from 1 on, or null when there is none. */
    public static Long parseFirst(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (!trimmed.matches("[1-9][0-9]{0,17}")) {
            throw new InvalidInputException("The page position (from) is a whole number from 1 on, not \u201c"
                    + Formats.shorten(trimmed) + "\u201d.");
        }
        return Long.parseLong(trimmed);
    }
}
