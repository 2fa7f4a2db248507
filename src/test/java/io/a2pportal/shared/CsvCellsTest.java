package io.a2pportal.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

class CsvCellsTest {

    @Test
    void cellsASpreadsheetWouldRunAreNeutralised() {
        assertEquals("'=HYPERLINK(\"http://x\")", CsvCells.neutralise("=HYPERLINK(\"http://x\")"));
        assertEquals("'+1+1", CsvCells.neutralise("+1+1"));
        assertEquals("'-2+3", CsvCells.neutralise("-2+3"));
        assertEquals("'@SUM(A1)", CsvCells.neutralise("@SUM(A1)"));
        assertEquals("'\t=1", CsvCells.neutralise("\t=1"));
        assertEquals("'\r=1", CsvCells.neutralise("\r=1"));
    }

    @Test
    void otherCellsAreLeftAsTheyAre() {
        assertEquals("Bayside Dental", CsvCells.neutralise("Bayside Dental"));
        assertEquals("a=b", CsvCells.neutralise("a=b"));
        assertEquals("", CsvCells.neutralise(""));
        assertEquals(null, CsvCells.neutralise(null));
    }

    @Test
    void neutralisedCellsRoundTripThroughRfc4180Quoting() throws Exception {
        List<String> cells = List.of("=1+2", "Smith, \"Jr\"", "line one\r\nline two", "+14155550123", "@home", "plain",
                "-", "\"=quoted\"", "tab\tinside", "");
        List<String> neutralised = cells.stream().map(CsvCells::neutralise).toList();

        StringWriter out = new StringWriter();
        try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out)) {
            writer.writeRecord(neutralised);
            writer.writeRecord(cells.stream().map(cell -> "next").toList());
        }
        String csv = out.toString();
        assertEquals(true, csv.contains("\"Smith, \"\"Jr\"\"\""), csv);
        assertEquals(true, csv.endsWith(",next\r\n"), csv);

        List<List<String>> records = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            reader.forEach(record -> records.add(record.getFields()));
        }
        assertEquals(neutralised, records.get(0));
        assertEquals(2, records.size());
        assertEquals("'=1+2", records.get(0).get(0));
        assertEquals("'+14155550123", records.get(0).get(3));
        assertEquals("line one\r\nline two", records.get(0).get(2));
    }
}
