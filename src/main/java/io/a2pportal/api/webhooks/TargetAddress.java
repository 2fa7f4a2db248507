package io.a2pportal.api.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import io.a2pportal.shared.InvalidInputException;

/**
 * Which endpoint URLs the portal sends to: HTTPS, on a host whose every address is public. A URL
 * that resolves to loopback, private, link-local or otherwise local addresses would let a user
 * make the portal call into its own network; it is refused when registered and again before each
 * attempt (a name may resolve elsewhere later). With private addresses allowed (tests, dev mode),
 * plain HTTP is accepted for them too.
 */
final class TargetAddress {

    static final int MAX_LENGTH = 2000;

    private TargetAddress() {
    }

    /** The URL, checked; the message says what to correct. */
    static URI check(String url, boolean allowPrivate) {
        String trimmed = url == null ? "" : url.trim();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException("Enter the endpoint's URL, starting with https://.");
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw new InvalidInputException("The URL is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("The URL is not valid: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new InvalidInputException("The URL must start with https:// and name a host.");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidInputException("The URL must not carry credentials: each delivery is signed instead.");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new InvalidInputException("The host " + uri.getHost() + " is not known.");
        }
        boolean local = false;
        for (InetAddress address : addresses) {
            local |= isLocal(address);
        }
        if (local && !allowPrivate) {
            throw new InvalidInputException("The host " + uri.getHost()
                    + " resolves to a loopback, private or link-local address; webhooks go to public addresses only.");
        }
        if (scheme.equals("http") && !(local && allowPrivate)) {
            throw new InvalidInputException("The URL must use HTTPS (https://).");
        }
        return uri;
    }

    static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7, unique local addresses: IPv6's private networks
            return (b[0] & 0xfe) == 0xfc;
        }
        // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8, which Java does not count as private
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 || b[0] == 0;
    }
}
