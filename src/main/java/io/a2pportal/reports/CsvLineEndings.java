package io.a2pportal.reports;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns CSV with LF line ends (what PostgreSQL's COPY writes) into RFC 4180's CRLF, counting rows
 * and bytes on the way. A line feed inside a quoted cell is part of the cell and left alone. Output
 * is buffered, since COPY hands over one row at a time. A stream of CSV is looked at byte by byte;
 * a row that comes whole ({@link #writeRow}) is not.
 */
final class CsvLineEndings extends OutputStream {

    private static final byte[] CRLF = { '\r', '\n' };

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int used;
    private boolean quoted;
    private long rows;
    private long bytes;

    CsvLineEndings(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                append(b, start, i - start);
                append(CRLF, 0, 2);
                start = i + 1;
                rows++;
            }
        }
        append(b, start, end - start);
    }

    /**
     * One whole row ending in its line feed, as COPY sends it (one message per row): that last line
     * feed becomes CRLF, the rest is copied as it is, without looking for quotes and line ends in it.
     */
    void writeRow(byte[] row) throws IOException {
        append(row, 0, row.length - 1);
        append(CRLF, 0, 2);
        rows++;
    }

    private void append(byte[] b, int off, int len) throws IOException {
        bytes += len;
        if (used + len > buffer.length) {
            drain();
            if (len > buffer.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buffer, used, len);
        used += len;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        drain();
        out.close();
    }

    long rows() {
        return rows;
    }

    long bytes() {
        return bytes;
    }
}
