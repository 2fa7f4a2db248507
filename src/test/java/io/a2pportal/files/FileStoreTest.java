package io.a2pportal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The file store writes a stream in chunks of a bounded size, reads it back byte for byte, and deletes it. */
@QuarkusTest
class FileStoreTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime());

    @Inject
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    private static FileStore.Key newKey(String owner, int version) {
        return new FileStore.Key(owner, IDS.incrementAndGet(), version);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** Writes in pieces of uneven size, so that they straddle the chunks' bounds. */
    private static void writeInPieces(OutputStream out, byte[] bytes) throws IOException {
        int offset = 0;
        for (int piece = 1; offset < bytes.length; piece = piece * 3 % 1009 + 1) {
            int n = Math.min(piece, bytes.length - offset);
            out.write(bytes, offset, n);
            offset += n;
        }
        out.close();
    }

    private static byte[] read(Connection c, FileStore.Key key) throws SQLException, IOException {
        try (InputStream in = FileStore.open(c, key)) {
            return in.readAllBytes();
        }
    }

    /** The number of chunks of the file and the size of its largest one. */
    private static long[] chunks(Connection c, FileStore.Key key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                select count(*), coalesce(max(octet_length(data)), 0) from file_chunk
                where owner = ? and owner_id = ? and version = ?""")) {
            st.setString(1, key.owner());
            st.setLong(2, key.ownerId());
            st.setInt(3, key.version());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new long[] { rs.getLong(1), rs.getLong(2) };
            }
        }
    }

    @Test
    void aStreamOfManyChunksReadsBackByteForByteAndIsDeleted() throws Exception {
        byte[] bytes = randomBytes(10_500);
        FileStore.Key key = newKey("test", 0);
        FileStore.Key other = new FileStore.Key("test", key.ownerId(), 1);
        try (Connection c = dataSource.getConnection()) {
            FileStore.Writer writer = FileStore.writer(c, key, 1000);
            writeInPieces(writer, bytes);
            writeInPieces(FileStore.writer(c, other, 1000), randomBytes(300));

            assertEquals(bytes.length, writer.bytes());
            assertEquals(bytes.length, FileStore.size(c, key));
            assertArrayEquals(new long[] { 11, 1000 }, chunks(c, key), "11 chunks, none over 1,000 bytes");
            assertArrayEquals(bytes, read(c, key));
            assertArrayEquals(new byte[] { bytes[0], bytes[1] }, FileStore.head(c, key, 2));

            assertEquals(11, FileStore.delete(c, key));
            assertArrayEquals(new byte[0], read(c, key));
            assertArrayEquals(new byte[0], FileStore.head(c, key, 2));
            assertArrayEquals(randomBytes(300), read(c, other), "another version of the owner's file is kept");
        }
    }

    @Test
    void anEmptyFileIsOneEmptyChunk() throws Exception {
        FileStore.Key key = newKey("test", 0);
        try (Connection c = dataSource.getConnection()) {
            FileStore.writer(c, key, 1000).close();
            assertArrayEquals(new long[] { 1, 0 }, chunks(c, key));
            assertArrayEquals(new byte[0], read(c, key));
        }
    }

    @Test
    void aChunkTheCheckRefusesIsNotStored() throws Exception {
        FileStore.Key key = newKey("test", 2);
        AtomicLong checks = new AtomicLong();
        try (Connection c = dataSource.getConnection()) {
            FileStore.Writer writer = FileStore.writer(c, key, 1000, Duration.ofHours(1), connection -> {
                try (Statement st = connection.createStatement()) {
                    // written in the chunk's transaction: undone with the chunk the check refuses
                    st.execute("insert into file_chunk (owner, owner_id, version, seq, data) values ('test', "
                            + key.ownerId() + ", 99, " + checks.get() + ", '')");
                }
                if (checks.incrementAndGet() == 3) {
                    throw new IllegalStateException("superseded");
                }
            });
            assertThrows(IllegalStateException.class, () -> writeInPieces(writer, randomBytes(5000)));

            assertArrayEquals(new long[] { 2, 1000 }, chunks(c, key), "the two chunks before the refusal");
            assertArrayEquals(new long[] { 2, 0 }, chunks(c, new FileStore.Key("test", key.ownerId(), 99)));
            assertEquals(true, c.getAutoCommit());
        }
    }

    @Test
    void deletingTheOwnersRowDeletesItsFiles() throws Exception {
        Account root = fixtures.parent("File Store Owner");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            ResultSet inserted = st.executeQuery("""
                    insert into report (root_account_id, requested_by, state) values (%d, 'files@test', 'READY')
                    returning id""".formatted(root.id));
            inserted.next();
            long reportId = inserted.getLong(1);
            FileStore.Key key = new FileStore.Key("report", reportId, 1);
            FileStore.Key other = new FileStore.Key("test", reportId, 1);
            writeInPieces(FileStore.writer(c, key, 1000), randomBytes(2500));
            writeInPieces(FileStore.writer(c, other, 1000), randomBytes(10));

            st.executeUpdate("delete from report where id = " + reportId);

            assertArrayEquals(new long[] { 0, 0 }, chunks(c, key));
            assertArrayEquals(randomBytes(10), read(c, other), "another owner's file of the same id is kept");
            FileStore.delete(c, other);
        }
    }
}
