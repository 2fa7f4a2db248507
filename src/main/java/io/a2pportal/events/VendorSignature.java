package io.a2pportal.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.a2pportal.secrets.SecretBox;

/**
 * The vendor's request signature ({@code X-Twilio-Signature}) for a JSON body: base64 of
 * HMAC-SHA1, keyed with the account's auth token, over the full URL as the vendor was given it,
 * which carries the body's SHA-256 (lower-case hex) in its {@code bodySHA256} parameter. As the
 * vendor's own library does, the URL is also accepted with its default port added or removed.
 */
public final class VendorSignature {

    public static final String HEADER = "X-Twilio-Signature";
    public static final String BODY_HASH = "bodySHA256";

    private VendorSignature() {
    }

    /** The signature of a URL (with its bodySHA256 parameter) under an auth token. */
    public static String sign(String authToken, String url) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(url.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL the vendor calls for a body: the sink's URL with the body's hash added. */
    public static String urlFor(String sinkUrl, byte[] body) {
        return sinkUrl + (sinkUrl.contains("?") ? "&" : "?") + BODY_HASH + "=" + bodyHash(body);
    }

    public static String bodyHash(byte[] body) {
        return HexFormat.of().formatHex(SecretBox.sha256(body));
    }

    /**
     * Whether a request was signed with the auth token: its URL's bodySHA256 is the body's hash,
     * and the signature is the URL's under the token (in constant time).
     */
    public static boolean valid(String authToken, String url, byte[] body, String signature) {
        return authToken != null && signer(List.of(authToken), url, body, signature) == 0;
    }

    /**
     * Which of the auth tokens signed the request: its index, or -1 when none did (or the URL's
     * bodySHA256 is not the body's hash). The body is hashed once, whatever the number of tokens.
     */
    public static int signer(List<String> authTokens, String url, byte[] body, String signature) {
        if (url == null || signature == null || !bodyHashMatches(url, body)) {
            return -1;
        }
        byte[] presented = signature.getBytes(StandardCharsets.US_ASCII);
        Set<String> candidates = withAndWithoutPort(url);
        for (int i = 0; i < authTokens.size(); i++) {
            for (String candidate : candidates) {
                if (MessageDigest.isEqual(sign(authTokens.get(i), candidate).getBytes(StandardCharsets.US_ASCII), presented)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Whether the URL's bodySHA256 parameter holds the body's hash. */
    static boolean bodyHashMatches(String url, byte[] body) {
        String query;
        try {
            query = new URI(url).getRawQuery();
        } catch (URISyntaxException e) {
            return false;
        }
        if (query == null) {
            return false;
        }
        String expected = bodyHash(body);
        for (String pair : query.split("&")) {
            if (pair.equals(BODY_HASH + "=" + expected)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> withAndWithoutPort(String url) {
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(url);
        try {
            URI uri = new URI(url);
            int standard = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String authority = (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@") + uri.getHost();
            String rest = (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            if (uri.getPort() == -1) {
                candidates.add(uri.getScheme() + "://" + authority + ":" + standard + rest);
            } else if (uri.getPort() == standard) {
                candidates.add(uri.getScheme() + "://" + authority + rest);
            }
        } catch (URISyntaxException e) {
            // the URL as given is the only candidate
        }
        return candidates;
    }
}
