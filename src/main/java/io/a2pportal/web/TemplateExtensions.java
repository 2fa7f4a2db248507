package io.a2pportal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** Formatting helpers used by the page templates. */
@TemplateExtension
public class TemplateExtensions {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** A file size in the unit a person reads: 512 B, 3.4 KB, 12.0 MB. */
    static String bytes(long size) {
        if (size < 1024) {
            return size + " B";
        }
        if (size < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KB", size / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", size / 1048576.0);
    }

    static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }
}
