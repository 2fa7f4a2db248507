package io.a2pportal.uploads;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.sql.DataSource;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

/**
 * An uploaded file kept compressed in PostgreSQL, in 256 KB chunks, so that any instance can read it
 * and no step holds it whole in memory. A file uploaded as gzip is kept as it came; any other is
 * compressed with Zstandard at a fast level (five times less processor time than gzip's fastest,
 * and a smaller copy), since it is written while the file is being imported.
 */
final class StoredFile {

    /** Below half of the collector's smallest region (1 MB), so that the buffer of a chunk is not a humongous object. */
    private static final int CHUNK = 1 << 18;
    private static final int ZSTD_LEVEL = 1;

    private StoredFile() {
    }

    /** Stores the file and returns the SHA-256 of the bytes as uploaded. */
    static String store(DataSource dataSource, long uploadId, Path file) {
        try (Connection connection = dataSource.getConnection();
                DigestInputStream digested = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"));
                // the digest is taken below the buffer: the bytes peeked at are digested once
                InputStream in = new BufferedInputStream(digested, 1 << 16)) {
            boolean gzip = startsLikeGzip(in);
            try (ChunkOutputStream chunks = new ChunkOutputStream(connection, uploadId);
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
    static InputStream open(Connection connection, long uploadId) {
        return new ChunkInputStream(connection, uploadId);
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
        try (PreparedStatement st = connection.prepareStatement(
                "select substring(data from 1 for 2) from upload_file_chunk where upload_id = ? and seq = 0")) {
            st.setLong(1, uploadId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                byte[] magic = rs.getBytes(1);
                return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            }
        }
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
        try (PreparedStatement st = connection.prepareStatement("delete from upload_file_chunk where upload_id = ?")) {
            st.setLong(1, uploadId);
            st.executeUpdate();
        }
    }

    private static final class ChunkOutputStream extends OutputStream {
        private final PreparedStatement insert;
        private final long uploadId;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private int seq;

        ChunkOutputStream(Connection connection, long uploadId) throws SQLException {
            this.insert = connection.prepareStatement("insert into upload_file_chunk (upload_id, seq, data) values (?, ?, ?)");
            this.uploadId = uploadId;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, CHUNK - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == CHUNK) {
                    flushChunk();
                }
            }
        }

        private void flushChunk() throws IOException {
            if (filled == 0) {
                return;
            }
            try {
                insert.setLong(1, uploadId);
                insert.setInt(2, seq++);
                // streamed from the buffer: a copy of each chunk would burden the collector
                insert.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, filled), filled);
                insert.executeUpdate();
                filled = 0;
            } catch (SQLException e) {
                throw new IOException("Cannot store a chunk of upload " + uploadId, e);
            }
        }

        @Override
        public void close() throws IOException {
            flushChunk();
            try {
                insert.close();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }

    private static final class ChunkInputStream extends InputStream {
        private final Connection connection;
        private final long uploadId;
        private byte[] chunk = new byte[0];
        private int position;
        private int seq;
        private boolean done;

        ChunkInputStream(Connection connection, long uploadId) {
            this.connection = connection;
            this.uploadId = uploadId;
        }

        private boolean fill() throws IOException {
            while (!done && position >= chunk.length) {
                try (PreparedStatement st = connection
                        .prepareStatement("select data from upload_file_chunk where upload_id = ? and seq = ?")) {
                    st.setLong(1, uploadId);
                    st.setInt(2, seq++);
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            chunk = rs.getBytes(1);
                            position = 0;
                        } else {
                            done = true;
                        }
                    }
                } catch (SQLException e) {
                    throw new IOException("Cannot read upload " + uploadId, e);
                }
            }
            return position < chunk.length;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, bytes, offset, n);
            position += n;
            return n;
        }
    }
}
