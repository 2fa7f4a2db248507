package io.a2pportal.api.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

import io.vertx.core.json.JsonObject;

/**
 * A customer's webhook endpoint on 127.0.0.1: it answers with the status it is told to, records
 * every request, and checks signatures as the docs tell receivers to, with the JDK alone.
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Request(String id, String signature, String contentType, String body, int answered) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String type() {
            return json().getString("type");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    final AtomicInteger answer = new AtomicInteger(200);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = answer.get();
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestHeaders().getFirst("Webhook-Id"),
                        exchange.getRequestHeaders().getFirst("Webhook-Signature"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
            }
            byte[] reply = (status == 200 ? "thanks" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests answered 200, one per event id (the first), as a receiver that de-duplicates keeps them. */
    Map<String, Request> accepted() {
        Map<String, Request> byId = new LinkedHashMap<>();
        for (Request request : requests()) {
            if (request.answered() == 200) {
                byId.putIfAbsent(request.id(), request);
            }
        }
        return byId;
    }

    List<Request> acceptedOfType(String type) {
        return accepted().values().stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The check of the docs: HMAC-SHA256 of "t.body" under the secret, compared in constant time. */
    static boolean verifies(String secret, Request request) {
        String t = null;
        String v1 = null;
        for (String part : request.signature().split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal((t + "." + request.body()).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return v1 != null && MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
