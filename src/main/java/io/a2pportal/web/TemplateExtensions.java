package io.a2pportal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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

    /** A count with thousands separators: 1,000,000. */
    static String grouped(Number number) {
        if (number == null) {
            return "";
        }
        // drawn for every count of every page: String.format would parse its pattern each time
        String digits = Long.toString(Math.abs(number.longValue()));
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (number.longValue() < 0) {
            out.append('-');
        }
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /** A size in bytes as people read it: 812 bytes, 4.2 KB, 13.0 MB. */
    static String size(Number bytes) {
        if (bytes == null) {
            return "";
        }
        long value = bytes.longValue();
        if (value < 1024) {
            return value + " bytes";
        }
        String[] units = { "KB", "MB", "GB", "TB" };
        double scaled = value;
        int unit = -1;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
    }

    static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }
}
