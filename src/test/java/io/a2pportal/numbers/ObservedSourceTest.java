package io.a2pportal.numbers;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.testing.Fixtures;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * Active numbers and the number page say when each status was last observed and from what (an
 * upload, a live event, the API); the number page shows the vendor's failure reason and error code,
 * its history names each change's source and, for an event, the event's id; the advice uses the reason.
 */
@QuarkusTest
class ObservedSourceTest {

    static final String DOMAIN = "observed.test";
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final String REASON = "Number is not associated with the campaign's messaging service";

    static TwoTenants t;
    static String failedByEvent;
    static String uploaded;
    static Instant observed;
    static long uploadId;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void data() {
        if (t != null) {
            return;
        }
        t = new TwoTenants(fixtures, DOMAIN);
        failedByEvent = t.a2Numbers.get(0);
        uploaded = t.aNumbers.get(0);
        observed = Instant.now().minus(Duration.ofMinutes(42));
        uploadId = fixtures.uploadFor(t.a, "report.csv");
        QuarkusTransaction.requiringNew().run(() -> {
            var em = PhoneNumber.getEntityManager();
            em.createNativeQuery("update phone_number set status_source = 'EVENT', status_observed_at = ?1, failure_reason = ?2, "
                    + "error_code = 30909 where e164 = ?3").setParameter(1, observed).setParameter(2, REASON)
                    .setParameter(3, failedByEvent).executeUpdate();
            em.createNativeQuery("update phone_number set status_source = 'UPLOAD', status_observed_at = ?1 where e164 = ?2")
                    .setParameter(1, observed.minus(Duration.ofDays(1))).setParameter(2, uploaded).executeUpdate();
            history(failedByEvent, "UNREGISTERED", "PENDING_REGISTRATION", observed.minus(Duration.ofDays(3)), "UPLOAD",
                    String.valueOf(uploadId), uploadId);
            history(failedByEvent, "PENDING_REGISTRATION", "FAILURE", observed, "EVENT", "7f1c2a8e-event-id-of-the-vendor", null);
        });
    }

    private static void history(String e164, String from, String to, Instant at, String source, String ref, Long upload) {
        PhoneNumber number = PhoneNumber.find("e164", e164).firstResult();
        PhoneNumber.getEntityManager().createNativeQuery("insert into number_status_history (phone_number_id, root_account_id, "
                + "old_status, new_status, changed_at, observed_at, source, source_ref, upload_id) values (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)")
                .setParameter(1, number.id).setParameter(2, number.rootAccountId).setParameter(3, from).setParameter(4, to)
                .setParameter(5, at).setParameter(6, source).setParameter(7, ref).setParameter(8, upload).executeUpdate();
    }

    private static String sidOf(String e164) {
        return ((PhoneNumber) PhoneNumber.find("e164", e164).firstResult()).sid;
    }

    /** The Active numbers row of a number. */
    private static String row(String page, String e164) {
        int at = page.indexOf(">" + e164 + "</a>");
        assertTrue(at > 0, "no row for " + e164);
        return page.substring(at, page.indexOf("</tr>", at));
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void activeNumbersSayWhenAndFromWhatEachStatusWasObserved() {
        String page = given().get("/numbers?account=" + t.a2.sid).then().statusCode(200).extract().asString();
        assertTrue(row(page, failedByEvent).contains("observed " + MINUTE.format(observed) + " · Live event"), row(page, failedByEvent));
        String parent = given().get("/numbers?account=" + t.a.sid).then().statusCode(200).extract().asString();
        assertTrue(row(parent, uploaded).contains("observed " + MINUTE.format(observed.minus(Duration.ofDays(1))) + " · Upload"),
                row(parent, uploaded));
        String other = row(parent, t.aNumbers.get(1));
        assertTrue(other.contains("observed "), other);
        assertFalse(other.contains(" · "), "no source is named for a status observed before sources were kept: " + other);
    }

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-a@" + DOMAIN))
    void theNumberPageShowsTheSourceTheFailureReasonAndTheEventOfEachChange() {
        String page = given().get("/numbers/" + sidOf(failedByEvent)).then().statusCode(200).extract().asString()
                .replace("&#39;", "'");
        assertTrue(page.contains("<th scope=\"row\">Last observed</th><td colspan=\"2\">" + MINUTE.format(observed)
                + ", from a live event</td>"), page);
        assertTrue(page.contains("<th scope=\"row\">Failure reason</th><td colspan=\"2\">" + REASON
                + " <span class=\"muted\">· error code</span> <code>30909</code></td>"), page);
        assertTrue(page.contains("<td>Live event <code>7f1c2a8e-event-id-of-the-vendor</code></td>"), page);
        assertTrue(page.contains("<a href=\"/uploads/" + uploadId + "\">upload " + uploadId + "</a>"), page);
        assertTrue(page.indexOf("7f1c2a8e-event-id-of-the-vendor") < page.indexOf("/uploads/" + uploadId), "newest first");
        assertTrue(page.contains("The vendor's reason: " + REASON + "."), "the advice gives the vendor's reason");
        assertTrue(page.contains("error 30909"), "and its error code");
        assertFalse(page.contains("the carriers gave no reason"), page);

        String plain = given().get("/numbers/" + sidOf(uploaded)).then().statusCode(200).extract().asString();
        assertTrue(plain.contains(", from an upload</td>"), plain);
        assertFalse(plain.contains("Failure reason</th>"), "no failure reason row without one");
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = "owner-b@" + DOMAIN))
    void anotherTenantsNumberStaysNotFound() {
        given().get("/numbers/" + sidOf(failedByEvent)).then().statusCode(404);
    }
}
