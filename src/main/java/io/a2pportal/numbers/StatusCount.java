package io.a2pportal.numbers;

/** How many numbers of the scope have one status, with the geometry of its bar in the chart. */
public record StatusCount(RegistrationStatus status, long count, int barPercent) {

    private static final int ROW_HEIGHT = 34;

    public int offsetY() {
        return status.ordinal() * ROW_HEIGHT;
    }

    public int barWidth() {
        return barPercent * 3 + 1;
    }

    public int valueX() {
        return 190 + barWidth() + 8;
    }
}
