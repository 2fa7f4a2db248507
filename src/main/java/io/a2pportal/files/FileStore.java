package io.a2pportal.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The files the portal keeps in PostgreSQL (a report's CSV, an upload's copy), stored as numbered
 * chunks of the table {@code file_chunk}, so that any instance can read them and neither writing nor
 * reading holds a file in memory: a writer keeps one chunk's buffer, a reader one chunk. The store
 * keeps bytes as it is given them; compressing them is the owner's choice.
 * <p>
 * A file is named by its owner's kind and id, and a version (a report's attempt; 0 where an owner
 * has one file). Deleting an owner's row deletes its files (a trigger of V12).
 */
public final class FileStore {

    /** Below half of the collector's smallest region (1 MB), so that the buffer of a chunk is not a humongous object. */
    public static final int DEFAULT_CHUNK_BYTES = 1 << 18;

    private FileStore() {
    }

    /** The name of one stored file. */
    public record Key(String owner, long ownerId, int version) {
    }

    /**
     * Runs before each chunk is stored, in the chunk's transaction: it may record progress, or throw
     * to keep the chunk out (a writer whose turn is over).
     */
    @FunctionalInterface
    public interface BeforeChunk {
        void run(Connection connection) throws SQLException;
    }

    /** A writer of the file in chunks of {@code chunkBytes}. */
    public static Writer writer(Connection connection, Key key, int chunkBytes) throws SQLException {
        return new Writer(connection, key, chunkBytes, null, null);
    }

    /**
     * A writer that also stores a chunk not yet full once {@code maxDelay} has passed since the last
     * one (so that progress shows), and runs {@code beforeChunk} with every chunk.
     */
    public static Writer writer(Connection connection, Key key, int chunkBytes, Duration maxDelay, BeforeChunk beforeChunk)
            throws SQLException {
        return new Writer(connection, key, chunkBytes, maxDelay, beforeChunk);
    }

    /** The file's bytes, fetched one chunk at a time on {@code connection}, which is used for reads only. */
    public static InputStream open(Connection connection, Key key) throws SQLException {
        return new Reader(connection, key);
    }

    /** Up to the first {@code length} bytes of the file's first chunk (a magic number); none if there is no file. */
    public static byte[] head(Connection connection, Key key, int length) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("""
                select substring(data from 1 for ?) from file_chunk
                where owner = ? and owner_id = ? and version = ? and seq = 0""")) {
            st.setInt(1, length);
            bind(st, 2, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : new byte[0];
            }
        }
    }

    /** The file's size in bytes as stored. */
    public static long size(Connection connection, Key key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("""
                select coalesce(sum(octet_length(data)), 0) from file_chunk
                where owner = ? and owner_id = ? and version = ?""")) {
            bind(st, 1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes the file; returns the number of chunks deleted. */
    public static int delete(Connection connection, Key key) throws SQLException {
        try (PreparedStatement st = connection
                .prepareStatement("delete from file_chunk where owner = ? and owner_id = ? and version = ?")) {
            bind(st, 1, key);
            return st.executeUpdate();
        }
    }

    /** Deletes every version of the owner's files but {@code kept}'s. */
    public static int deleteOtherVersions(Connection connection, Key kept) throws SQLException {
        try (PreparedStatement st = connection
                .prepareStatement("delete from file_chunk where owner = ? and owner_id = ? and version <> ?")) {
            bind(st, 1, kept);
            return st.executeUpdate();
        }
    }

    /**
     * Deletes in one statement the files of many owners of a kind: those whose row of
     * {@code ownerTable} (as {@code o}, joined by its {@code id}) meets {@code condition}, in which
     * {@code f.version} is the file's version. Both are SQL written by the caller, never input.
     */
    public static int deleteWhere(Connection connection, String owner, String ownerTable, String condition)
            throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("delete from file_chunk f using " + ownerTable
                + " o where f.owner = ? and f.owner_id = o.id and (" + condition + ")")) {
            st.setString(1, owner);
            return st.executeUpdate();
        }
    }

    private static void bind(PreparedStatement st, int first, Key key) throws SQLException {
        st.setString(first, key.owner());
        st.setLong(first + 1, key.ownerId());
        st.setInt(first + 2, key.version());
    }

    /**
     * Collects bytes into chunks and stores each as it fills. An empty file is one empty chunk, so
     * that a file written can be told from none (and {@code beforeChunk} runs at least once).
     */
    public static final class Writer extends OutputStream {
        private final Connection connection;
        private final Key key;
        private final PreparedStatement insert;
        private final byte[] buffer;
        private final long maxDelay;
        private final BeforeChunk beforeChunk;
        private int filled;
        private int seq;
        private long stored;
        private long lastStore = System.nanoTime();
        private boolean closed;

        private Writer(Connection connection, Key key, int chunkBytes, Duration maxDelay, BeforeChunk beforeChunk)
                throws SQLException {
            this.connection = connection;
            this.key = key;
            this.insert = connection
                    .prepareStatement("insert into file_chunk (owner, owner_id, version, seq, data) values (?, ?, ?, ?, ?)");
            this.buffer = new byte[chunkBytes];
            this.maxDelay = maxDelay == null ? Long.MAX_VALUE : maxDelay.toNanos();
            this.beforeChunk = beforeChunk;
        }

        /** The bytes stored so far: the file's size once closed. */
        public long bytes() {
            return stored;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == buffer.length || System.nanoTime() - lastStore > maxDelay) {
                    storeChunk();
                }
            }
        }

        private void storeChunk() throws IOException {
            try {
                if (beforeChunk == null) {
                    insertChunk();
                } else if (!connection.getAutoCommit()) {
                    beforeChunk.run(connection);
                    insertChunk();
                } else {
                    // the check and the chunk stand or fall together
                    connection.setAutoCommit(false);
                    try {
                        beforeChunk.run(connection);
                        insertChunk();
                        connection.commit();
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(true);
                    }
                }
            } catch (SQLException e) {
                throw new IOException("Cannot store chunk " + seq + " of " + key, e);
            }
            stored += filled;
            seq++;
            filled = 0;
            lastStore = System.nanoTime();
        }

        private void insertChunk() throws SQLException {
            bind(insert, 1, key);
            insert.setInt(4, seq);
            // streamed from the buffer: a copy of each chunk would burden the collector
            insert.setBinaryStream(5, new ByteArrayInputStream(buffer, 0, filled), filled);
            insert.executeUpdate();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (filled > 0 || seq == 0) {
                    storeChunk();
                }
            } finally {
                try {
                    insert.close();
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }
        }
    }

    /** Reads a file's chunks in order, one at a time. */
    private static final class Reader extends InputStream {
        private final PreparedStatement select;
        private final Key key;
        private byte[] chunk = new byte[0];
        private int position;
        private int seq;
        private boolean done;

        Reader(Connection connection, Key key) throws SQLException {
            this.key = key;
            this.select = connection.prepareStatement(
                    "select data from file_chunk where owner = ? and owner_id = ? and version = ? and seq = ?");
            bind(select, 1, key);
        }

        private boolean fill() throws IOException {
            while (!done && position >= chunk.length) {
                try {
                    select.setInt(4, seq++);
                    try (ResultSet rs = select.executeQuery()) {
                        if (rs.next()) {
                            chunk = rs.getBytes(1);
                            position = 0;
                        } else {
                            done = true;
                        }
                    }
                } catch (SQLException e) {
                    throw new IOException("Cannot read " + key, e);
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

        @Override
        public void close() throws IOException {
            try {
                select.close();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }
}
