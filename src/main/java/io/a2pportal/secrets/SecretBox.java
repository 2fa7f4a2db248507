package io.a2pportal.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Secrets kept at rest (the vendor's auth tokens, signing secrets): sealed with AES-256-GCM under
 * the portal's key ({@code portal.secrets.key}, 32 bytes in base64), each with a random nonce.
 * A sealed value names its key by {@link #keyId()}, so that a key can later be replaced. Also the
 * generated secrets the portal shows once and keeps only a hash of.
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @ConfigProperty(name = "portal.secrets.key")
    String configuredKey;

    private SecretKeySpec key;
    private String keyId;

    @PostConstruct
    void init() {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configuredKey.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("portal.secrets.key (PORTAL_SECRETS_KEY) must be 32 bytes in base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("portal.secrets.key (PORTAL_SECRETS_KEY) must be 32 bytes in base64, not "
                    + bytes.length);
        }
        if (LaunchMode.current() == LaunchMode.NORMAL && configuredKey.trim().equals(DEV_KEY)) {
            throw new IllegalStateException("portal.secrets.key (PORTAL_SECRETS_KEY) is the development key; set a key of your own");
        }
        key = new SecretKeySpec(bytes, "AES");
        keyId = HexFormat.of().formatHex(sha256(bytes)).substring(0, 16);
    }

    /** The development and test key, refused in production. */
    static final String DEV_KEY = "ZGV2LW9ubHkta2V5LWRldi1vbmx5LWtleS1kZXYtb24=";

    /** The id of the key values are sealed with now. */
    public String keyId() {
        return keyId;
    }

    /** The value sealed: nonce followed by the ciphertext and its tag. */
    public byte[] seal(String value) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A secret could not be sealed", e);
        }
    }

    /** The value of a sealed secret; refuses one sealed under another key or altered. */
    public String open(String sealedKeyId, byte[] sealed) {
        if (!keyId.equals(sealedKeyId)) {
            throw new IllegalStateException("A secret is sealed under key " + sealedKeyId + ", not the configured key " + keyId);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            return new String(cipher.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A secret could not be opened: altered, or sealed under another key", e);
        }
    }

    /**
     * A signature of {@code message} for links that must work without a login and cannot be made
     * by anyone else (an unsubscribe link): HMAC-SHA256 under a key derived from the portal's key
     * for this {@code purpose}, base64url without padding.
     */
    public String sign(String purpose, String message) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is {@link #sign}'s for this purpose and message, in constant time. */
    public boolean verify(String purpose, String message, String signature) {
        return signature != null && MessageDigest.isEqual(sign(purpose, message).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** A new random secret to show once: 32 random bytes, base64url without padding. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random identifier of {@code bytes} random bytes, base64url without padding. */
    public static String newId(int bytes) {
        byte[] id = new byte[bytes];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /**
     * The hash kept of a generated secret (SHA-256, hex): the secret is random and long, so a slow
     * password hash would add nothing but time to every request that presents it.
     */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a presented secret is the one whose hash is kept, in constant time. */
    public static boolean matches(String presented, String keptHash) {
        return presented != null && keptHash != null && MessageDigest.isEqual(
                hash(presented).getBytes(StandardCharsets.US_ASCII), keptHash.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
