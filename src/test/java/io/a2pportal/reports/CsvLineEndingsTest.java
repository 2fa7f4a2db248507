package io.a2pportal.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CsvLineEndingsTest {

    @Test
    void rowsEndInCrLfAndQuotedLineFeedsStay() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvLineEndings csv = new CsvLineEndings(out);
        // as COPY hands it over: one row per write, LF line ends
        for (String row : new String[] { "AC1,,,+14155550100,UNREGISTERED\n", "\"a\nb\",\"say \"\"hi\"\"\",x\n", "last,row\n" }) {
            byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
            csv.write(bytes, 0, bytes.length);
        }
        csv.close();
        String written = out.toString(StandardCharsets.UTF_8);
        assertEquals("AC1,,,+14155550100,UNREGISTERED\r\n\"a\nb\",\"say \"\"hi\"\"\",x\r\nlast,row\r\n", written);
        assertEquals(3, csv.rows());
        assertEquals(written.length(), csv.bytes());
    }

    @Test
    void wholeRowsEndInCrLfAndQuotedLineFeedsStay() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvLineEndings csv = new CsvLineEndings(out);
        byte[] header = "AccountSid,Note\n".getBytes(StandardCharsets.UTF_8);
        csv.write(header, 0, header.length);
        for (String row : new String[] { "AC1,\"a\nb\"\n", "AC2,\"say \"\"hi\"\"\"\n", "AC3,\n" }) {
            csv.writeRow(row.getBytes(StandardCharsets.UTF_8));
        }
        csv.close();
        String written = out.toString(StandardCharsets.UTF_8);
        assertEquals("AccountSid,Note\r\nAC1,\"a\nb\"\r\nAC2,\"say \"\"hi\"\"\"\r\nAC3,\r\n", written);
        assertEquals(4, csv.rows());
        assertEquals(written.length(), csv.bytes());
    }

    @Test
    void largeWritesPassThrough() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvLineEndings csv = new CsvLineEndings(out);
        byte[] big = "x".repeat(200_000).concat("\n").getBytes(StandardCharsets.US_ASCII);
        csv.write(big, 0, big.length);
        csv.close();
        assertEquals(200_002, out.size());
        assertEquals(1, csv.rows());
    }
}
