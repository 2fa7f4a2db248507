package io.a2pportal.uploads;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.sql.DataSource;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import io.a2pportal.files.FileStore;

/**
 * An uploaded file kept compressed in the file store, in 256 KB chunks, so that any instance can read
 * it and no step holds it whole in memory. A file uploaded as gzip is kept as it came; any other is
 * compressed with Zstandard at a fast level (five times less processor time than gzip's fastest,
 * and a smaller copy), since it is written while the file is being imported.
 */
final class StoredFile {

    private static final int ZSTD_LEVEL = 1;

    private StoredFile() {
    }

    private static FileStore.Key key(long uploadId) {
        return new FileStore.Key("upload", uploadId, 0);
    }

    /** Stores the file and returns the SHA-256 of the bytes as uploaded. */
    static String store(DataSource dataSource, long uploadId, Path file) {
        try (Connection connection = dataSource.getConnection();
                DigestInputStream digested = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"));
                // the digest is taken below the buffer: the bytes peeked at are digested once
                InputStream in = new BufferedInputStream(digested, 1 << 16)) {
            boolean gzip = startsLikeGzip(in);
            try (FileStore.Writer chunks = FileStore.writer(connection, key(uploadId), FileStore.DEFAULT_CHUNK_BYTES);
                    OutputStream out = gzip ? chunks : new ZstdOutputStreamNoFinalizer(chunks, ZSTD_LEVEL)) {
                in.transferTo(out);
            }
            return HexFormat.of().formatHex(digested.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot store upload " + uploadId, e);
        }
    }

    /** The stored bytes, fetched one chunk at a time; the connection is used for reads only. */
    static InputStream open(Connection connection, long uploadId) throws IOException {
        try {
            return FileStore.open(connection, key(uploadId));
        } catch (SQLException e) {
            throw new IOException("Cannot read upload " + uploadId, e);
        }
    }

    /**
     * The stored bytes with the Zstandard compression of the store undone: the file as uploaded,
     * except that a file uploaded as gzip is still gzip.
     */
    static InputStream openUploaded(Connection connection, long uploadId) throws IOException {
        InputStream stored = new BufferedInputStream(open(connection, uploadId), 1 << 16);
        return startsWith(stored, 0x28, 0xb5, 0x2f, 0xfd) ? new BufferedInputStream(new ZstdInputStreamNoFinalizer(stored), 1 << 16) : stored;
    }

    /** Whether the file was uploaded as gzip, and so is kept as it came. */
    static boolean storedAsGzip(Connection connection, long uploadId) throws SQLException {
        byte[] magic = FileStore.head(connection, key(uploadId), 2);
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    /** Whether the stream's next two bytes are gzip's magic number; the stream (able to mark) is left where it was. */
    static boolean startsLikeGzip(InputStream in) throws IOException {
        return startsWith(in, 0x1f, 0x8b);
    }

    /** Whether the stream's next bytes are these (Zstandard's or gzip's magic number); it is left where it was. */
    private static boolean startsWith(InputStream in, int... magic) throws IOException {
        in.mark(magic.length);
        boolean matches = true;
        for (int i = 0; i < magic.length && matches; i++) {
            matches = in.read() == magic[i];
        }
        in.reset();
        return matches;
    }

    static void delete(Connection connection, long uploadId) throws SQLException {
        FileStore.delete(connection, key(uploadId));
    }
}
