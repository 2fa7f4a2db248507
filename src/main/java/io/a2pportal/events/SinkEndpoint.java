package io.a2pportal.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.a2pportal.secrets.SecretBox;
import io.a2pportal.web.PublicAddress;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The Event Streams sink, {@code POST /events/{sink id}}: outside the login (the vendor calls it)
 * and outside the forms' CSRF check (a plain Vert.x route, not a REST resource). A request is
 * authenticated by the vendor's signature under the auth token of an account of the sink's tree,
 * or by the sink's HTTP Basic credentials; its body is stored as it came, and acknowledged (202)
 * once committed. Nothing more is done here: the inbox ({@link EventInbox}) parses and applies it.
 *
 * Anything else is refused with 401, an unknown sink too (so that sink ids cannot be probed);
 * refusals of a known sink are counted on it, and one a minute is listed for the owner.
 */
@ApplicationScoped
public class SinkEndpoint {

    private static final Logger LOG = Logger.getLogger(SinkEndpoint.class);
    public static final String PATH = "/events/";
    private static final Pattern SINK_ID = Pattern.compile("[A-Za-z0-9_-]{16,32}");
    static final long MAX_BODY_LIMIT = 1 << 20;

    @Inject
    DataSource dataSource;

    @Inject
    SecretBox secrets;

    @Inject
    PublicAddress address;

    @Inject
    EventsConfig config;

    @Inject
    EventInbox inbox;

    private long maxBody;

    void check(@Observes StartupEvent event) {
        if (config.maxBodySize().asLongValue() > MAX_BODY_LIMIT) {
            throw new IllegalStateException("portal.events.max-body-size may be 1M at most, not " + config.maxBodySize().asLongValue());
        }
    }

    void routes(@Observes Router router) {
        maxBody = config.maxBodySize().asLongValue();
        router.post(PATH + ":sinkId")
                // refuses a declared length over the limit before reading, and stops reading a longer body at the limit
                .handler(BodyHandler.create(false).setBodyLimit(maxBody))
                .failureHandler(context -> {
                    if (context.statusCode() == 413) {
                        tooLarge(context);
                    } else {
                        context.next();
                    }
                })
                .blockingHandler(this::receive, false);
    }

    private void tooLarge(RoutingContext context) {
        LOG.warnf("Event sink %s: a delivery over %d bytes refused", context.pathParam("sinkId"), maxBody);
        context.response().setStatusCode(413).putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Connection", "close")
                .end("The delivery is larger than the " + maxBody + " bytes this sink accepts (portal.events.max-body-size).");
    }

    /** The sink's row: its tree and Basic credentials. */
    private record Sink(String id, long rootId, String basicUser, String basicPasswordHash) {
    }

    /** An auth token of an account of the tree, opened. */
    private record Token(long accountId, String token) {
    }

    /** What authenticates a sink's requests, as loaded at {@code loadedAt} (System.nanoTime). */
    private record Credentials(Sink sink, List<Token> tokens, long loadedAt) {
    }

    /** The credentials of the sinks that received requests lately, by sink id (one entry per tree at most). */
    private final Map<String, Credentials> credentials = new ConcurrentHashMap<>();

    /** How a request was authenticated; {@code signer} is the account whose token signed it. */
    private record Authenticated(String by, Long signer) {
    }

    private void receive(RoutingContext context) {
        String sinkId = context.pathParam("sinkId");
        byte[] body = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        try (Connection c = dataSource.getConnection()) {
            Credentials known = SINK_ID.matcher(sinkId).matches() ? credentials(c, sinkId) : null;
            if (known == null) {
                unauthorized(context);
                return;
            }
            Sink sink = known.sink();
            StringBuilder why = new StringBuilder();
            Authenticated by = authenticate(known, context, body, why);
            if (by == null) {
                refused(c, sink, why.toString());
                unauthorized(context);
                return;
            }
            try (PreparedStatement st = c.prepareStatement("insert into event_delivery (sink_id, authenticated_by, "
                    + "signer_account_id, body) values (?, ?, ?, ?)")) {
                st.setString(1, sink.id());
                st.setString(2, by.by());
                st.setObject(3, by.signer(), Types.BIGINT);
                st.setBytes(4, body);
                st.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            // the vendor retries a delivery that was not acknowledged
            LOG.warnf("Event sink %s: a delivery could not be stored: %s", sinkId, e.getMessage());
            context.response().setStatusCode(503).putHeader("Retry-After", "10").end();
            return;
        }
        context.response().setStatusCode(202).end();
        inbox.wake();
    }

    /**
     * The sink's credentials, from memory when loaded less than {@code portal.events.credentials-cache}
     * ago (the tokens are opened once, not on every request); null for an unknown sink, which is not kept.
     */
    private Credentials credentials(Connection c, String sinkId) throws SQLException {
        Credentials cached = credentials.get(sinkId);
        if (cached != null && System.nanoTime() - cached.loadedAt() < config.credentialsCache().toNanos()) {
            return cached;
        }
        Sink sink = sink(c, sinkId);
        if (sink == null) {
            credentials.remove(sinkId);
            return null;
        }
        List<Token> tokens = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("select t.account_id, t.key_id, t.sealed from account_auth_token t "
                + "join account a on a.id = t.account_id where a.root_id = ? order by t.account_id")) {
            st.setLong(1, sink.rootId());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    try {
                        tokens.add(new Token(rs.getLong(1), secrets.open(rs.getString(2), rs.getBytes(3))));
                    } catch (IllegalStateException e) {
                        LOG.warnf("Event sink %s: the auth token of account %d cannot be opened: %s", sinkId, rs.getLong(1),
                                e.getMessage());
                    }
                }
            }
        }
        Credentials loaded = new Credentials(sink, List.copyOf(tokens), System.nanoTime());
        credentials.put(sinkId, loaded);
        return loaded;
    }

    /**
     * Forgets what this instance keeps of a sink's credentials: call it once a change of the sink's
     * Basic password or of an auth token of its tree is committed, so that this instance applies it
     * at once (other instances within {@code portal.events.credentials-cache}).
     */
    public void credentialsChanged(String sinkId) {
        credentials.remove(sinkId);
    }

    private static Sink sink(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "select root_account_id, basic_user, basic_password_hash from event_sink where id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Sink(id, rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    /**
     * Basic credentials, when the request carries some, must be the sink's; otherwise the vendor's
     * signature must be valid under one of the tree's auth tokens, for the URL as the vendor was
     * given it (the public address, not the one the request reached behind a proxy).
     */
    private Authenticated authenticate(Credentials known, RoutingContext context, byte[] body, StringBuilder why) {
        Sink sink = known.sink();
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] presented = basic(authorization.substring(6).strip());
            if (presented != null && MessageDigest.isEqual(presented[0].getBytes(StandardCharsets.UTF_8),
                    sink.basicUser().getBytes(StandardCharsets.UTF_8)) && SecretBox.matches(presented[1], sink.basicPasswordHash())) {
                return new Authenticated("BASIC", null);
            }
            why.append("wrong HTTP Basic credentials");
            return null;
        }
        String signature = context.request().getHeader(VendorSignature.HEADER);
        if (signature == null) {
            why.append("neither the vendor's signature (").append(VendorSignature.HEADER).append(") nor HTTP Basic credentials");
            return null;
        }
        String query = context.request().query();
        String url = address.url(context.request().path() + (query == null ? "" : "?" + query));
        int signer = VendorSignature.signer(known.tokens().stream().map(Token::token).toList(), url, body, signature);
        if (signer >= 0) {
            return new Authenticated("SIGNATURE", known.tokens().get(signer).accountId());
        }
        int tokens = known.tokens().size();
        why.append(tokens == 0 ? "a signature, but no auth token is set for any account of the tree"
                : "a signature that none of the tree's " + tokens + " auth token" + (tokens == 1 ? "" : "s") + " made for "
                        + (VendorSignature.bodyHashMatches(url, body) ? "this URL" : "this URL and body (bodySHA256 does not match the body)"));
        return null;
    }

    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Counts the refusal on the sink; lists it for the owner unless one was listed within the last minute. */
    private void refused(Connection c, Sink sink, String why) throws SQLException {
        boolean list;
        long count;
        try (PreparedStatement st = c.prepareStatement("""
                with before as (select last_refused_at from event_sink where id = ? for update)
                update event_sink s set refused = s.refused + 1, last_refused_at = now() from before where s.id = ?
                returning before.last_refused_at is null or before.last_refused_at <= now() - cast(? as interval), s.refused""")) {
            st.setString(1, sink.id());
            st.setString(2, sink.id());
            st.setString(3, config.refusedListedEvery().toSeconds() + " seconds");
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                list = rs.getBoolean(1);
                count = rs.getLong(2);
            }
        }
        LOG.infof("Event sink %s: a request refused (%d so far): %s", sink.id(), count, why);
        if (list) {
            try (PreparedStatement st = c.prepareStatement(
                    "insert into event_problem (sink_id, kind, detail) values (?, 'REFUSED', ?)")) {
                st.setString(1, sink.id());
                st.setString(2, "A request was refused: it carried " + why + ". Every refused request is counted ("
                        + count + " so far); at most one a minute is listed.");
                st.executeUpdate();
            }
        }
    }

    private static void unauthorized(RoutingContext context) {
        context.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Not authenticated.");
    }
}
