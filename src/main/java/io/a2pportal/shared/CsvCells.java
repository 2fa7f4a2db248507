package io.a2pportal.shared;

/**
 * Cells that a spreadsheet would run as a formula (OWASP "CSV injection"). The report's five
 * columns only ever hold SIDs, E.164 numbers and status names, which the database checks; any
 * free-text cell (a name, a reason) goes through {@link #neutralise(String)} before it is written.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * The cell as text a spreadsheet shows as it is: a leading {@code =}, {@code +}, {@code -},
     * {@code @}, tab or carriage return gets a single quote in front. Quoting for CSV is the
     * writer's job and comes after this.
     */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }
}
