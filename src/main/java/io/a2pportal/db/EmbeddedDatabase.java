package io.a2pportal.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per JVM, started from the binaries that ship as Maven artifacts. Its URL
 * is kept in a system property so that application restarts (dev-mode reloads, test profiles)
 * reuse the running server instead of starting another.
 */
final class EmbeddedDatabase {

    static final String USER = "postgres";
    private static final String URL_PROPERTY = "portal.embedded-db.running-url";

    private EmbeddedDatabase() {
    }

    static synchronized String url(String dataDir) {
        String running = System.getProperty(URL_PROPERTY);
        if (running != null) {
            return running;
        }
        String url = dataDir == null ? startTemporary() : startPersistent(Path.of(dataDir));
        System.setProperty(URL_PROPERTY, url);
        return url;
    }

    private static String startTemporary() {
        return start(EmbeddedPostgres.builder().setCleanDataDirectory(true));
    }

    private static String startPersistent(Path dataDir) {
        // A dev-mode JVM that was killed leaves its server running: reuse it rather than fail on the lock.
        Integer livePort = livePostmasterPort(dataDir);
        if (livePort != null) {
            return jdbcUrl(livePort);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded database folder " + dataDir, e);
        }
        return start(EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false));
    }

    private static String start(EmbeddedPostgres.Builder builder) {
        try {
            EmbeddedPostgres postgres = builder
                    .setServerConfig("max_connections", "200")
                    // enough cache for an inventory of a million numbers and its indexes (the default is 128MB)
                    .setServerConfig("shared_buffers", "512MB")
                    // a status report's changes write a page image for each page they touch first: with the
                    // default (16MB here) the importing backend stalls writing the log out itself
                    .setServerConfig("wal_buffers", "64MB")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            System.out.println("Embedded PostgreSQL listening on 127.0.0.1:" + postgres.getPort());
            return jdbcUrl(postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }

    private static Integer livePostmasterPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            if (lines.size() < 4 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return null;
            }
            return Integer.parseInt(lines.get(3).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }
}
