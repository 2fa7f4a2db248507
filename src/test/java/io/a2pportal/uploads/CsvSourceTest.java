package io.a2pportal.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/** The CSV reader of uploads: what each kind of line gives, the line it starts on, and its limits. */
class CsvSourceTest {

    @Test
    void plainQuotedAndEscapedFields() throws IOException {
        assertEquals(List.of("1 [a, b, c]", "2 [x, y,z, say \"hi\", ]"),
                rows("a,b,c\nx,\"y,z\",\"say \"\"hi\"\"\",\"\"\n"));
    }

    @Test
    void lineEndsOfEveryKindAndEmptyLinesSkipped() throws IOException {
        assertEquals(List.of("1 [a]", "2 [b]", "3 [c]", "5 [d]", "7 [e]"), rows("a\r\nb\rc\n\nd\r\n\r\ne"));
    }

    @Test
    void aQuotedLineEndBelongsToTheFieldAndCountsAsALine() throws IOException {
        assertEquals(List.of("1 [one\r\ntwo, x]", "3 [next]"), rows("\"one\r\ntwo\",x\nnext\n"));
    }

    @Test
    void textAfterAClosingQuoteAndQuotesInsideAFieldAreKept() throws IOException {
        assertEquals(List.of("1 [ab c, d\"e]"), rows("\"ab\" c,d\"e\n"));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstField() throws IOException {
        assertEquals(List.of("1 [AccountSid, b]"), rows("\uFEFFAccountSid,b\n"));
    }

    @Test
    void utf8FieldsAreDecodedAcrossBufferEnds() throws IOException {
        String filler = "x".repeat(65_530);
        List<String> read = rows(filler + ",caf\u00e9 cr\u00e8me,\u20ac\n");
        assertEquals("1 [" + filler + ", caf\u00e9 cr\u00e8me, \u20ac]", read.get(0));
    }

    @Test
    void malformedUtf8AnywhereIsReported() {
        byte[] head = ("a,b\n" + "c,d\n".repeat(30_000)).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 4];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = 'e';
        bytes[head.length + 1] = (byte) 0xc3; // a lead byte without its continuation
        bytes[head.length + 2] = ',';
        bytes[head.length + 3] = 'f';
        UncheckedIOException failed = assertThrows(UncheckedIOException.class, () -> rows(new ByteArrayInputStream(bytes), 4096));
        assertInstanceOf(CharacterCodingException.class, failed.getCause());
    }

    @Test
    void aLineOverTheLimitIsReportedWithItsNumber() {
        UncheckedIOException failed = assertThrows(UncheckedIOException.class,
                () -> rows(new ByteArrayInputStream(("a,b\nc,d\n" + "e".repeat(50) + "\n").getBytes(StandardCharsets.UTF_8)), 40));
        assertEquals("Line 3 is longer than 40 characters: this is not a status report.",
                assertInstanceOf(CsvSource.LineTooLong.class, failed.getCause()).getMessage());
    }

    @Test
    void aLineOfExactlyTheLimitIsRead() throws IOException {
        assertEquals(List.of("1 [h, i]", "2 [c, dddddddd]"),
                rows(new ByteArrayInputStream("h,i\nc,dddddddd\n".getBytes(StandardCharsets.UTF_8)), 10));
    }

    @Test
    void nothingButLineEndsIsNoRecord() throws IOException {
        assertEquals(List.of(), rows("\n\r\n\n"));
        assertEquals(List.of(), rows(""));
    }

    private static List<String> rows(String text) throws IOException {
        return rows(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100_000);
    }

    private static List<String> rows(InputStream in, int maxLine) throws IOException {
        List<String> out = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvSource.reader(in, maxLine)) {
            for (CsvRecord row : reader) {
                out.add(row.getStartingLineNumber() + " " + row.getFields());
            }
        }
        return out;
    }
}
