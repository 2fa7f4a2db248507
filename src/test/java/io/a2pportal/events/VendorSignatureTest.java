package io.a2pportal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.twilio.security.RequestValidator;

/** Our signature is the vendor's: its own library's validator agrees with ours on every case. */
class VendorSignatureTest {

    static final String TOKEN = "12345678901234567890123456789012";
    static final String BODY = "[{\"specversion\":\"1.0\",\"type\":\"com.twilio.messaging.compliance.number-registration.pending\","
            + "\"id\":\"EV1\",\"data\":{\"phonenumber\":\"+14155550100\"}}]";

    @Test
    void theVendorsValidatorAcceptsWhatWeSignAndBothRefuseTheSameForgeries() throws Exception {
        RequestValidator vendor = new RequestValidator(TOKEN);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String url = VendorSignature.urlFor("https://portal.example.test/events/AbCdEfGhIjKlMnOpQrStUv", body);
        String signature = VendorSignature.sign(TOKEN, url);
        String withPort = url.replace("portal.example.test/", "portal.example.test:443/");
        String otherBody = BODY.replace("pending", "successful");

        // url, body, signature: what the vendor's validator says, and ours
        List<Object[]> cases = List.of(
                new Object[] { url, BODY, signature, true },
                new Object[] { withPort, BODY, signature, true },
                new Object[] { url, BODY, VendorSignature.sign(TOKEN, withPort), true },
                new Object[] { url, otherBody, signature, false },
                new Object[] { url, BODY, VendorSignature.sign("another-token", url), false },
                new Object[] { url.replace("AbCd", "XyZw"), BODY, signature, false },
                new Object[] { VendorSignature.urlFor("https://portal.example.test/events/AbCdEfGhIjKlMnOpQrStUv",
                        otherBody.getBytes(StandardCharsets.UTF_8)), otherBody, signature, false });
        for (Object[] c : cases) {
            String u = (String) c[0];
            String b = (String) c[1];
            String s = (String) c[2];
            assertEquals(c[3], vendor.validate(u, b, s), "vendor: " + u + " " + b);
            assertEquals(c[3], VendorSignature.valid(TOKEN, u, b.getBytes(StandardCharsets.UTF_8), s), "ours: " + u + " " + b);
        }
    }

    @Test
    void aUrlWithoutTheBodysHashIsRefused() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String url = "https://portal.example.test/events/AbCdEfGhIjKlMnOpQrStUv";
        assertFalse(VendorSignature.valid(TOKEN, url, body, VendorSignature.sign(TOKEN, url)));
        assertTrue(VendorSignature.valid(TOKEN, VendorSignature.urlFor(url, body), body,
                VendorSignature.sign(TOKEN, VendorSignature.urlFor(url, body))));
    }
}
