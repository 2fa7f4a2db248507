package io.a2pportal.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * CSV records (RFC 4180) read straight from UTF-8 bytes: a comma, a quote and a line end are the
 * same byte in UTF-8 as in ASCII, so fields are found without decoding the text first, and a field
 * is decoded once, strictly (a malformed byte anywhere is a CharacterCodingException).
 *
 * Lines end with LF, CRLF or CR; a quoted field may hold commas, quotes written twice and line
 * ends; text after a closing quote belongs to the field; empty lines are skipped. A line longer
 * than the limit (in characters, counted from one LF to the next) stops the reading before it is
 * buffered whole.
 */
final class CsvRows {

    /** One record: its fields and the line it starts on. */
    static final class Row {
        private final String[] fields;
        private final long line;

        Row(String[] fields, long line) {
            this.fields = fields;
            this.line = line;
        }

        int getFieldCount() {
            return fields.length;
        }

        String getField(int index) {
            return fields[index];
        }

        List<String> getFields() {
            return List.of(fields);
        }

        long getStartingLineNumber() {
            return line;
        }

        /** Whether a field holds a NUL character, which no text file has. */
        boolean holdsNul() {
            for (String field : fields) {
                if (field.indexOf('\0') >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A record read in place by {@link #nextPlain}: its fields are byte ranges of the reader's
     * buffer, valid until the next read.
     */
    static final class Plain {
        final int[] starts;
        final int[] ends;
        byte[] bytes;
        long line;

        Plain(int fields) {
            starts = new int[fields];
            ends = new int[fields];
        }

        int length(int field) {
            return ends[field] - starts[field];
        }

        /** The record as {@link #next()} gives it: the same fields, the same line. */
        Row row() {
            String[] fields = new String[starts.length];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = new String(bytes, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
            }
            return new Row(fields, line);
        }
    }

    private static final int EOF = -1;

    private final InputStream in;
    private final int maxLineLength;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean bomChecked;

    private byte[] field = new byte[128];
    private int fieldLength;
    private boolean fieldAscii;
    private String[] fields = new String[8];
    private int count;
    private boolean lastQuoted;

    /** The line being read, counting LF, CRLF and CR as one line end each (records are numbered so). */
    private long line = 1;
    /** For the length limit: characters since the last LF, and LFs seen. */
    private int lineLength;
    private long lengthLine = 1;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    CsvRows(InputStream in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    /** The next record, or null at the end. */
    Row next() throws IOException {
        while (true) {
            long start = line;
            count = 0;
            int end = record();
            if (count == 0) {
                return null;
            }
            if (count == 1 && fields[0].isEmpty() && !lastQuoted) {
                if (end == EOF) {
                    return null;
                }
                continue;
            }
            return new Row(Arrays.copyOf(fields, count), start);
        }
    }

    /**
     * Reads the next record in place when it is of the most common kind: already in the buffer up
     * to its LF or CRLF, of exactly as many fields as {@code into} holds, each of printable ASCII
     * characters other than the quote (nothing a field's trimming or decoding would change), and
     * within the line length limit. Otherwise returns false with nothing read: {@link #next()}
     * then reads the record.
     */
    boolean nextPlain(Plain into) {
        byte[] bytes = buffer;
        int[] starts = into.starts;
        int[] ends = into.ends;
        int fields = starts.length;
        int start = position;
        int end = limit;
        int field = 0;
        starts[0] = start;
        int i = start;
        for (; i < end; i++) {
            byte b = bytes[i];
            if (b == ',') {
                ends[field] = i;
                if (++field == fields) {
                    return false;
                }
                starts[field] = i + 1;
            } else if (b <= ' ' || b == '"' || b == 0x7f) {
                // a line end, a blank to trim, a control character, or a byte of a longer UTF-8 character
                break;
            }
        }
        if (i == end || field != fields - 1 || i == start) {
            return false;
        }
        int next;
        if (bytes[i] == '\n') {
            next = i + 1;
        } else if (bytes[i] == '\r' && i + 1 < end && bytes[i + 1] == '\n') {
            next = i + 2;
        } else {
            return false;
        }
        // within the limit with a character to spare: read() would not have stopped on this line
        if ((long) lineLength + (next - start) > maxLineLength) {
            return false;
        }
        ends[field] = i;
        into.bytes = bytes;
        into.line = line;
        position = next;
        line++;
        lineLength = 0;
        lengthLine++;
        return true;
    }

    /** Reads one record's fields; returns what ended it (a line end or EOF). No field at all when at the end. */
    private int record() throws IOException {
        while (true) {
            fieldLength = 0;
            fieldAscii = true;
            lastQuoted = false;
            String plain = plain();
            int b = read();
            if (plain != null) {
                add(plain);
            } else {
                if (b == EOF && count == 0) {
                    return EOF;
                }
                if (b == '"') {
                    lastQuoted = true;
                    b = quoted();
                }
                while (b != EOF && b != ',' && b != '\n' && b != '\r') {
                    append(b);
                    b = read();
                }
                add(fieldAscii ? new String(field, 0, fieldLength, StandardCharsets.ISO_8859_1)
                        : utf8.decode(ByteBuffer.wrap(field, 0, fieldLength)).toString());
            }
            if (b == ',') {
                continue;
            }
            if (b == '\r') {
                if (peek() == '\n') {
                    read();
                }
                line++;
            } else if (b == '\n') {
                line++;
            }
            return b;
        }
    }

    /**
     * The common case, taken straight from the buffer: an unquoted field of ASCII characters that
     * ends within it (the byte ending it is left to read). Null, with nothing read, otherwise.
     */
    private String plain() {
        byte[] bytes = buffer;
        int start = position;
        int end = limit;
        int i = start;
        for (; i < end; i++) {
            byte b = bytes[i];
            if (b == ',' || b == '\n' || b == '\r') {
                break;
            }
            if (b == '"' || b < 0) {
                return null;
            }
        }
        int n = i - start;
        if (i == end || lineLength + n > maxLineLength) {
            // read byte by byte instead, which tells where a line is too long
            return null;
        }
        lineLength += n;
        position = i;
        return new String(bytes, start, n, StandardCharsets.ISO_8859_1);
    }

    /** The rest of a quoted field, up to its closing quote; returns the byte after it. */
    private int quoted() throws IOException {
        while (true) {
            int b = read();
            if (b == EOF) {
                return EOF;
            }
            if (b == '"') {
                if (peek() != '"') {
                    return read();
                }
                read();
            } else if (b == '\r') {
                if (peek() != '\n') {
                    line++;
                }
            } else if (b == '\n') {
                line++;
            }
            append(b);
        }
    }

    private void append(int b) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, fieldLength * 2);
        }
        field[fieldLength++] = (byte) b;
        if (b >= 0x80) {
            fieldAscii = false;
        }
    }

    private void add(String value) {
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, count * 2);
        }
        fields[count++] = value;
    }

    /** The next byte (0 to 255) or EOF, counted against the line length limit. */
    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        int b = buffer[position++] & 0xff;
        if (b == '\n') {
            lineLength = 0;
            lengthLine++;
        } else if (b < 0x80 || b >= 0xc0) {
            // a character starts here (UTF-8 continuation bytes do not start one); four bytes make two UTF-16 units
            lineLength += b >= 0xf0 ? 2 : 1;
            if (lineLength > maxLineLength) {
                throw new CsvSource.LineTooLong(lengthLine, maxLineLength);
            }
        }
        return b;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position] & 0xff;
    }

    private boolean fill() throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n <= 0) {
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        if (!bomChecked) {
            bomChecked = true;
            // a UTF-8 byte-order mark is not part of the first field
            if (n >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
                position = 3;
            }
        }
        return position < limit || fill();
    }

    void close() throws IOException {
        in.close();
    }
}
