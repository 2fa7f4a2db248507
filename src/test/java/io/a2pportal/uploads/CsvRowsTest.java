package io.a2pportal.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The CSV reader of uploads: what each kind of line gives, and where it starts. */
class CsvRowsTest {

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
        // the accented field straddles the reader's 64 KB buffer
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
        assertThrows(CharacterCodingException.class, () -> rows(new ByteArrayInputStream(bytes), 4096));
    }

    @Test
    void aLineOverTheLimitIsReportedWithItsNumber() {
        CsvSource.LineTooLong tooLong = assertThrows(CsvSource.LineTooLong.class,
                () -> rows(new ByteArrayInputStream(("a,b\nc,d\n" + "e".repeat(50) + "\n").getBytes(StandardCharsets.UTF_8)), 40));
        assertEquals("Line 3 is longer than 40 characters: this is not a status report.", tooLong.getMessage());
    }

    @Test
    void nothingButLineEndsIsNoRecord() throws IOException {
        assertEquals(List.of(), rows("\n\r\n\n"));
        assertNull(new CsvRows(new ByteArrayInputStream(new byte[0]), 10).next());
    }

    @Test
    void recordsReadInPlaceAreTheRecordsReadWhole() throws IOException {
        StringBuilder text = new StringBuilder("a,b,c\r\nd,,f\n\ng, h,i\n\"j\",k,l\nm,n\ro,p,q\ncaf\u00e9,x,y\n1,2,3,4\n1,2\n");
        for (int i = 0; i < 20_000; i++) {
            // rows across the reader's 64 KB buffer ends, with LF and CRLF, and a few it leaves to next()
            text.append(i).append(",AC").append(i % 7).append(i % 5 == 0 ? ",\r\n" : ",z\n");
            if (i % 997 == 0) {
                text.append("\"q\",r,s\n");
            }
        }
        text.append("last,line,without end");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CsvRows reader = new CsvRows(new ByteArrayInputStream(bytes), 100_000);
        CsvRows.Plain plain = new CsvRows.Plain(3);
        List<String> mixed = new ArrayList<>();
        int inPlace = 0;
        while (true) {
            CsvRows.Row row;
            if (reader.nextPlain(plain)) {
                row = plain.row();
                inPlace++;
            } else if ((row = reader.next()) == null) {
                break;
            }
            mixed.add(row.getStartingLineNumber() + " " + row.getFields());
        }
        assertEquals(rows(new ByteArrayInputStream(bytes), 100_000), mixed);
        assertTrue(inPlace > 19_000, inPlace + " read in place");
    }

    @Test
    void aLineOverTheLimitIsReportedWhenRowsAreReadInPlace() throws IOException {
        byte[] bytes = ("h,i\n" + "a,b\n".repeat(100) + "c,dddddddd\n" + "e,ffffffff9\n").getBytes(StandardCharsets.UTF_8);
        CsvRows reader = new CsvRows(new ByteArrayInputStream(bytes), 10);
        CsvRows.Plain plain = new CsvRows.Plain(2);
        List<String> read = new ArrayList<>();
        CsvSource.LineTooLong tooLong = assertThrows(CsvSource.LineTooLong.class, () -> {
            while (true) {
                CsvRows.Row row;
                if (reader.nextPlain(plain)) {
                    row = plain.row();
                } else if ((row = reader.next()) == null) {
                    break;
                }
                read.add(row.getFields().toString());
            }
        });
        assertEquals("Line 103 is longer than 10 characters: this is not a status report.", tooLong.getMessage());
        assertEquals(tooLong.getMessage(), assertThrows(CsvSource.LineTooLong.class,
                () -> rows(new ByteArrayInputStream(bytes), 10)).getMessage(), "as when every row is read whole");
        assertEquals("[c, dddddddd]", read.get(read.size() - 1), "the line of exactly 10 characters is read");
    }

    private static List<String> rows(String text) throws IOException {
        return rows(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100_000);
    }

    private static List<String> rows(InputStream in, int maxLine) throws IOException {
        CsvRows reader = new CsvRows(in, maxLine);
        List<String> out = new ArrayList<>();
        for (CsvRows.Row row = reader.next(); row != null; row = reader.next()) {
            out.add(row.getStartingLineNumber() + " " + row.getFields());
        }
        return out;
    }
}
