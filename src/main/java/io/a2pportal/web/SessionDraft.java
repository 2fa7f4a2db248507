package io.a2pportal.web;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A form that was posted after the session had ended: where it went, the page it came from and its
 * fields (without the CSRF token). It waits in a cookie while the user logs in again, so that the
 * form can be sent again as it was.
 */
public record SessionDraft(String action, String back, List<SessionDraft.Field> fields) {

    public record Field(String name, String value) {
    }

    /** The cookie, limited to the login's pages. */
    public static final String COOKIE = "portal-draft";
    public static final String COOKIE_PATH = "/session-ended";
    /** Browsers keep cookies of up to 4 KB; a larger draft is not kept. */
    static final int MAX_COOKIE_CHARS = 3_800;

    public String encoded() {
        StringBuilder text = new StringBuilder(action).append('\n').append(back);
        for (Field field : fields) {
            text.append('\n').append(URLEncoder.encode(field.name(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.value(), StandardCharsets.UTF_8));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The draft in a cookie, if it is one the portal wrote; the action and the page are the portal's own paths. */
    public static Optional<SessionDraft> decode(String cookie) {
        try {
            String[] lines = new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length < 2 || !isLocalPath(lines[0]) || !isLocalPath(lines[1])) {
                return Optional.empty();
            }
            List<Field> fields = new ArrayList<>();
            for (int i = 2; i < lines.length; i++) {
                int eq = lines[i].indexOf('=');
                if (eq < 0) {
                    return Optional.empty();
                }
                fields.add(new Field(URLDecoder.decode(lines[i].substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(lines[i].substring(eq + 1), StandardCharsets.UTF_8)));
            }
            return Optional.of(new SessionDraft(lines[0], lines[1], fields));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** A path of this portal: one slash, no scheme or host, so no link or form built from it leaves the portal. */
    public static boolean isLocalPath(String path) {
        return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\")
                && path.chars().noneMatch(c -> c < 0x20);
    }
}
