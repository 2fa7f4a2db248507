package io.a2pportal.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the tests' embedded PostgreSQL that a test can cut, as a network outage
 * would: open connections break and new ones are closed at once. The relay and its switch live in
 * system properties because the test and the application it starts may see this class through
 * different class loaders.
 */
public final class DatabaseRelay {

    private static final String PORT = "portal.test.database-relay.port";
    private static final String REACHABLE = "portal.test.database-relay.reachable";
    private static final Set<Socket> OPEN = ConcurrentHashMap.newKeySet();

    private DatabaseRelay() {
    }

    /** The JDBC URL of the relay, started once per JVM in front of the embedded database. */
    public static synchronized String jdbcUrl() {
        if (System.getProperty(PORT) == null) {
            URI target = URI.create(EmbeddedDatabase.url(null).substring("jdbc:".length()));
            System.setProperty(PORT, String.valueOf(start(target.getHost(), target.getPort())));
            System.setProperty(REACHABLE, "true");
        }
        return "jdbc:postgresql://127.0.0.1:" + System.getProperty(PORT) + "/postgres";
    }

    public static String user() {
        return EmbeddedDatabase.USER;
    }

    /** Cuts every connection through the relay, and refuses new ones until {@link #restore()}. */
    public static void cut() {
        System.setProperty(REACHABLE, "false");
    }

    public static void restore() {
        System.setProperty(REACHABLE, "true");
    }

    private static boolean reachable() {
        return !"false".equals(System.getProperty(REACHABLE));
    }

    private static int start(String host, int port) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon("database-relay", () -> {
                while (true) {
                    Socket client = server.accept();
                    if (!reachable()) {
                        client.close();
                        continue;
                    }
                    try {
                        Socket upstream = new Socket(host, port);
                        OPEN.add(client);
                        OPEN.add(upstream);
                        daemon("database-relay-up", () -> pipe(client, upstream));
                        daemon("database-relay-down", () -> pipe(upstream, client));
                    } catch (IOException e) {
                        client.close();
                    }
                }
            });
            // breaks the open connections as soon as the test cuts the relay
            daemon("database-relay-cutter", () -> {
                while (true) {
                    Thread.sleep(20);
                    if (!reachable()) {
                        for (Socket socket : OPEN) {
                            socket.close();
                            OPEN.remove(socket);
                        }
                    }
                }
            });
            return server.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pipe(Socket from, Socket to) throws IOException {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } finally {
            from.close();
            to.close();
            OPEN.remove(from);
            OPEN.remove(to);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void daemon(String name, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                // a relay connection ended: nothing to do
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
