package io.a2pportal.troubleshooting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two cells a report row gains with "include diagnosis": every diagnosis of the number, most
 * severe first, one entry per diagnosis in each cell, in the same order. Each entry starts with
 * the rule's title, so a cell never starts with a character a spreadsheet reads as a formula; the
 * CSV writer still neutralises it, as it does every free-text cell.
 */
public final class DiagnosisColumns {

    public static final List<String> HEADERS = List.of("Diagnosis", "Remedy");

    /** Between the entries of one cell. */
    public static final String SEPARATOR = " | ";

    private static final Comparator<Diagnosis> MOST_SEVERE_FIRST = Comparator
            .comparing(Diagnosis::severity, Comparator.reverseOrder()).thenComparing(Diagnosis::rule);

    private DiagnosisColumns() {
    }

    /** The Diagnosis and Remedy cells of one row; both empty when the number has no diagnosis. */
    public record Cells(String diagnosis, String remedy) {

        public List<String> asList() {
            return List.of(diagnosis, remedy);
        }
    }

    public static Cells of(Advisor advisor, NumberFacts facts) {
        return of(advisor.diagnose(facts));
    }

    public static Cells of(List<Diagnosis> diagnoses) {
        List<Diagnosis> ordered = new ArrayList<>(diagnoses);
        ordered.sort(MOST_SEVERE_FIRST);
        String diagnosis = ordered.stream().map(DiagnosisColumns::diagnosisEntry).collect(Collectors.joining(SEPARATOR));
        String remedy = ordered.stream().map(d -> d.rule().title + ": " + d.remedy()).collect(Collectors.joining(SEPARATOR));
        return new Cells(diagnosis, remedy);
    }

    /** "Registration overdue (act, error 30035): It joined ...". */
    private static String diagnosisEntry(Diagnosis d) {
        String code = d.errorCode() == null ? "" : ", error " + d.errorCode();
        return d.rule().title + " (" + d.severity().label.toLowerCase(java.util.Locale.ROOT) + code + "): " + d.explanation();
    }
}
