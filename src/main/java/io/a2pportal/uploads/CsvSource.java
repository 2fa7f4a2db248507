package io.a2pportal.uploads;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.apache.commons.io.input.BOMInputStream;
import org.apache.commons.io.input.BoundedInputStream;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * Reads a stored upload as CSV records (FastCSV), one at a time, after checking that it is text CSV
 * at all: every way a file can fail to be one gets its own message. Header names match without
 * regard to case, spaces or underscores, in any order; a byte-order mark, CRLF, LF or CR, quoted
 * fields (text after a closing quote belongs to the field) and empty lines are accepted. The text
 * is decoded strictly as UTF-8, and a line longer than the limit stops the reading before the
 * parser buffers it.
 */
final class CsvSource implements AutoCloseable {

    private static final int SNIFF = 8192;
    private static final String NOT_GZIP = "The file looks compressed but is not a valid gzip file. Upload the .csv file, or a .csv.gz "
            + "made with gzip.";

    final UploadKind kind;
    final Map<String, Integer> columns;
    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> records;
    private final BoundedInputStream counted;

    private CsvSource(UploadKind kind, Map<String, Integer> columns, CsvReader<CsvRecord> reader, Iterator<CsvRecord> records,
            BoundedInputStream counted) {
        this.kind = kind;
        this.columns = columns;
        this.reader = reader;
        this.records = records;
        this.counted = counted;
    }

    /** Opens a stream of the file as uploaded (gzip or not, able to mark), checks what it holds and reads the header. */
    static CsvSource open(InputStream uploaded, UploadsConfig limits) throws IOException {
        return open(uploaded, StoredFile.startsLikeGzip(uploaded), limits);
    }

    /** Opens the file as uploaded, gzip or not, checks what it holds and reads the header. */
    static CsvSource open(Path uploaded, UploadsConfig limits) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(uploaded), 1 << 16);
        try {
            return open(in, limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static CsvSource open(InputStream raw, boolean gzip, UploadsConfig limits) throws IOException {
        BoundedInputStream counted = BoundedInputStream.builder().setInputStream(raw).get();
        InputStream text;
        try {
            text = new BufferedInputStream(expansionLimit(gzip ? new GZIPInputStream(counted, 1 << 16) : counted,
                    limits.maxExpandedBytes()), 1 << 16);
        } catch (ZipException e) {
            throw new UploadRejected(NOT_GZIP);
        }
        sniff(text);
        CsvReader<CsvRecord> reader = reader(text, limits.maxLineLength());
        Iterator<CsvRecord> records = reader.iterator();
        CsvRecord header = next(records);
        if (header == null) {
            throw new UploadRejected("The file is empty.");
        }
        List<String> names = header.getFields();
        for (UploadKind kind : UploadKind.values()) {
            var positions = UploadKind.positions(kind, names);
            if (positions.isPresent()) {
                return new CsvSource(kind, positions.get(), reader, records, counted);
            }
        }
        throw new UploadRejected("The first line is not a header the portal knows. A status report starts with "
                + UploadKind.STATUS_REPORT.header() + "; an inventory file with " + UploadKind.INVENTORY.header()
                + ". This file starts with: " + shorten(String.join(",", names)));
    }

    /**
     * CSV records of UTF-8 text (a malformed byte anywhere is a CharacterCodingException), lines
     * limited to {@code maxLineLength} characters (a {@link LineTooLong}, counted from one LF to the next).
     */
    static CsvReader<CsvRecord> reader(InputStream text, int maxLineLength) throws IOException {
        // a UTF-8 byte-order mark is not part of the first field
        Reader utf8 = new InputStreamReader(BOMInputStream.builder().setInputStream(text).get(), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        return CsvReader.builder().allowExtraFields(true).allowMissingFields(true).allowExtraCharsAfterClosingQuote(true)
                .skipEmptyLines(true).detectBomHeader(false).ofCsvRecord(new LineLengthLimit(utf8, maxLineLength));
    }

    /** Stops a small gzip file from expanding into an unbounded amount of data: more than {@code max} bytes is {@link TooLarge}. */
    private static InputStream expansionLimit(InputStream in, long max) throws IOException {
        return BoundedInputStream.builder().setInputStream(in).setMaxCount(max + 1).setPropagateClose(true)
                .setOnMaxCount((limit, count) -> {
                    throw new TooLarge(max);
                }).get();
    }

    /** The next record, or null at the end. */
    CsvRecord next() {
        return next(records);
    }

    String field(CsvRecord record, String column) {
        return field(record, columns.get(column));
    }

    /** The field at a position of {@link #columns}, trimmed; blank when the row is short. */
    static String field(CsvRecord record, int index) {
        return index < record.getFieldCount() ? record.getField(index).trim() : "";
    }

    /** Bytes of the file as uploaded read so far, for progress. */
    long bytesRead() {
        return counted.getCount();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static CsvRecord next(Iterator<CsvRecord> records) {
        CsvRecord row;
        try {
            row = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        } catch (CsvParseException e) {
            if (e.getCause() instanceof IOException io) {
                throw translate(io);
            }
            throw new UploadRejected("The file is not valid CSV: " + e.getMessage());
        }
        // the first bytes were looked at for binary data; a NUL further on is only seen here, and
        // no message or value holding it could be stored
        if (row != null && holdsNul(row)) {
            throw new UploadRejected("This is not a text file: line " + row.getStartingLineNumber() + " holds binary data "
                    + "(a NUL byte). Upload the CSV status report as downloaded (.csv), or gzip-compressed (.csv.gz).");
        }
        return row;
    }

    private static boolean holdsNul(CsvRecord row) {
        for (int i = 0; i < row.getFieldCount(); i++) {
            if (row.getField(i).indexOf('\0') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a gzip file that expands to more than the portal accepts, before any of it is read as
     * CSV: expanding alone is many times faster than reading the rows, so a small file that expands
     * enormously is refused in a moment rather than after its rows up to the limit were checked.
     * The stream (able to mark) is read to its end or to the limit; a file that is not gzip is left as it is.
     */
    static void checkExpansion(InputStream uploaded, UploadsConfig limits) throws IOException {
        if (!StoredFile.startsLikeGzip(uploaded)) {
            return;
        }
        GZIPInputStream gzip;
        try {
            gzip = new GZIPInputStream(uploaded, 1 << 16);
        } catch (ZipException e) {
            throw new UploadRejected(NOT_GZIP);
        } catch (java.io.EOFException e) {
            throw new UploadRejected("The gzip file is damaged or cut short. Compress the CSV again and upload it.");
        }
        byte[] discard = new byte[1 << 16];
        try (InputStream expanded = expansionLimit(gzip, limits.maxExpandedBytes())) {
            while (expanded.read(discard) >= 0) {
                // only counted
            }
        } catch (TooLarge e) {
            throw new UploadRejected(e.getMessage());
        } catch (ZipException | java.io.EOFException e) {
            throw new UploadRejected("The gzip file is damaged or cut short. Compress the CSV again and upload it.");
        }
    }

    private static RuntimeException translate(IOException e) {
        if (e instanceof LineTooLong || e instanceof TooLarge) {
            return new UploadRejected(e.getMessage());
        }
        if (e instanceof CharacterCodingException) {
            return new UploadRejected("The file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again.");
        }
        if (e instanceof ZipException || e instanceof java.io.EOFException) {
            return new UploadRejected("The gzip file is damaged or cut short. Compress the CSV again and upload it.");
        }
        return new UncheckedIOException(e);
    }

    /** Looks at the first bytes: empty, binary or a web page each get their own message. */
    private static void sniff(InputStream text) throws IOException {
        text.mark(SNIFF);
        byte[] head;
        try {
            head = text.readNBytes(SNIFF);
        } catch (ZipException | java.io.EOFException e) {
            throw new UploadRejected("The gzip file is damaged or cut short. Compress the CSV again and upload it.");
        } catch (TooLarge e) {
            throw new UploadRejected(e.getMessage());
        }
        text.reset();
        if (head.length == 0) {
            throw new UploadRejected("The file is empty.");
        }
        for (byte b : head) {
            if (b == 0) {
                throw new UploadRejected("This is not a text file: it holds binary data. Upload the CSV status report as "
                        + "downloaded (.csv), or gzip-compressed (.csv.gz).");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(SNIFF);
        if (decoder.decode(ByteBuffer.wrap(head), chars, head.length < SNIFF).isError()) {
            throw new UploadRejected("The file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again.");
        }
        String start = chars.flip().toString().replace("\uFEFF", "").stripLeading().toLowerCase(Locale.ROOT);
        if (start.isEmpty()) {
            throw new UploadRejected("The file is empty.");
        }
        if (start.startsWith("<!doctype") || start.startsWith("<html") || (start.startsWith("<") && start.contains("<html"))) {
            throw new UploadRejected("This is a web page (HTML), not a CSV file. Download the report again and upload the "
                    + ".csv file itself.");
        }
    }

    private static String shorten(String value) {
        return value.length() <= 120 ? value : value.substring(0, 117) + "...";
    }

    static final class LineTooLong extends IOException {
        LineTooLong(long line, int max) {
            super("Line " + line + " is longer than " + String.format(Locale.ROOT, "%,d", max)
                    + " characters: this is not a status report.");
        }
    }

    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("The compressed file expands to more than " + (max >> 20) + " MB, the most the portal accepts. "
                    + "Split it into smaller files.");
        }
    }

    /** Refuses lines longer than the limit, before the CSV parser buffers them. */
    private static final class LineLengthLimit extends FilterReader {
        private final int max;
        private int current;
        private long line = 1;

        LineLengthLimit(Reader in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + Math.max(n, 0); i++) {
                if (buffer[i] == '\n') {
                    current = 0;
                    line++;
                } else if (++current > max) {
                    throw new LineTooLong(line, max);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) == -1 ? -1 : one[0];
        }
    }
}
