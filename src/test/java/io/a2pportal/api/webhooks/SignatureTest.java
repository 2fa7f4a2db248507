package io.a2pportal.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The signature header is the one docs/api.md tells receivers to compute (its openssl line gives the same digest). */
class SignatureTest {

    @Test
    void hmacSha256OfTimestampDotBody() {
        // { printf '%s.' 1796170800; printf '%s' '{"id":"evt_x","type":"webhook.test"}'; } | openssl dgst -sha256 -hmac s3cret -r
        assertEquals("t=1796170800,v1=7988dac8b7f07f5298bb36339ee19aaa8b242a0b92512b5fd7af05a55d1605ae",
                Signature.header("s3cret", 1796170800L, "{\"id\":\"evt_x\",\"type\":\"webhook.test\"}"));
    }
}
