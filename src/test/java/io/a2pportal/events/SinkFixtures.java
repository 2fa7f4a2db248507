package io.a2pportal.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.a2pportal.accounts.Account;
import io.a2pportal.secrets.SecretBox;
import io.restassured.response.Response;
import io.a2pportal.testing.Fixtures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sinks, auth tokens and the vendor's signed deliveries, for the events' tests. */
@ApplicationScoped
public class SinkFixtures {

    /** The public address of the test profile (portal.base-url), which the vendor signs. */
    public static final String BASE = "https://portal.example.test";
    public static final String GROUP = VendorEvents.GROUP;

    @Inject
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    SecretBox secrets;

    public record TestSink(String id, long rootId, String user, String password) {
        public String url() {
            return BASE + "/events/" + id;
        }
    }

    public TestSink sink(Account root) {
        String id = SecretBox.newId(16);
        String password = SecretBox.newSecret();
        update("insert into event_sink (id, root_account_id, basic_user, basic_password_hash, created_by) values (?, ?, ?, ?, ?)",
                id, root.id, "vendor", SecretBox.hash(password), "test");
        return new TestSink(id, root.id, "vendor", password);
    }

    public void token(Account account, String token) {
        update("insert into account_auth_token (account_id, key_id, sealed, hint, set_by) values (?, ?, ?, ?, 'test') "
                + "on conflict (account_id) do update set key_id = excluded.key_id, sealed = excluded.sealed",
                account.id, secrets.keyId(), secrets.seal(token), token.substring(token.length() - 4));
    }

    /** POSTs the body as the vendor would, signed with the token for the URL it names. */
    public Response postSigned(TestSink sink, String token, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String url = VendorSignature.urlFor(sink.url(), body);
        return post(url, body, VendorSignature.sign(token, url));
    }

    /** POSTs the body to the URL's path and query with the given signature. */
    public Response post(String url, byte[] body, String signature) {
        var request = given().urlEncodingEnabled(false).redirects().follow(false).contentType("application/json").body(body);
        if (signature != null) {
            request = request.header(VendorSignature.HEADER, signature);
        }
        return request.post(url.substring(BASE.length()));
    }

    public Response postBasic(TestSink sink, String user, String password, String json) {
        return given().urlEncodingEnabled(false).redirects().follow(false).contentType("application/json")
                .auth().preemptive().basic(user, password).body(json.getBytes(StandardCharsets.UTF_8))
                .post("/events/" + sink.id());
    }

    public static String numberEvent(String id, String type, String e164, String accountSid, long timestamp,
            String failureReason) {
        return "{\"specversion\":\"1.0\",\"type\":\"" + GROUP + type + "\",\"source\":\"test\",\"id\":\"" + id
                + "\",\"dataschema\":\"https://events-schemas.example/A2P/2\",\"data\":{\"id\":\"x\",\"phonenumber\":\"" + e164
                + "\",\"accountsid\":\"" + accountSid + "\",\"externalstatus\":\"x\""
                + (failureReason == null ? "" : ",\"failurereason\":\"" + failureReason + "\"") + ",\"timestamp\":" + timestamp
                + ",\"updateddate\":" + timestamp + "}}";
    }

    public static String batch(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    /** Waits until every delivery of the sink is processed. */
    public void awaitProcessed(TestSink sink) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> "0".equals(rows("select count(*) from event_delivery where sink_id = ? and processed_at is null",
                        sink.id()).get(0)));
    }

    public List<String> rows(String sql, Object... parameters) {
        return fixtures.rows(sql, parameters);
    }

    public int update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
