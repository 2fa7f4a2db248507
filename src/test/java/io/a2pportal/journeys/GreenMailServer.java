package io.a2pportal.journeys;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (with IMAP to read what arrived) on free ports of 127.0.0.1. The portal sends
 * through it with the mock mailer switched off, and its mail links point at the portal under test,
 * which therefore gets a fixed free port too.
 */
public class GreenMailServer implements QuarkusTestResourceLifecycleManager {

    public static final String IMAP_PORT = "journeys.imap-port";

    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        try {
            int smtp = freePort();
            int imap = freePort();
            int portal = freePort();
            greenMail = new GreenMail(new ServerSetup[] { new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP) });
            greenMail.start();
            return Map.of(
                    "quarkus.mailer.mock", "false",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", String.valueOf(smtp),
                    "quarkus.mailer.tls", "false",
                    "quarkus.mailer.start-tls", "DISABLED",
                    IMAP_PORT, String.valueOf(imap),
                    "quarkus.http.test-port", String.valueOf(portal),
                    "portal.base-url", "http://localhost:" + portal);
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("GreenMail did not start", e);
        }
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
