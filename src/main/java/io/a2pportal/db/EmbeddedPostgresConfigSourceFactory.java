package io.a2pportal.db;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Points the datasource at an embedded PostgreSQL when no JDBC URL is configured, so that dev mode
 * and tests need nothing but a JDK and Maven. An explicit URL always wins, and the production
 * profile never starts one: it fails at start-up instead, naming the missing setting.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (profiles.contains("prod") || isSet(context, JDBC_URL) || isFalse(context, "portal.embedded-db.enabled")) {
            return List.of();
        }
        ConfigValue dataDir = context.getValue("portal.embedded-db.data-dir");
        boolean persistent = profiles.contains("dev");
        String url = EmbeddedDatabase.url(persistent && dataDir.getValue() != null ? dataDir.getValue() : null);
        return List.of(new PropertiesConfigSource(Map.of(
                JDBC_URL, url,
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                "quarkus.datasource.password", EmbeddedDatabase.USER), "embedded-postgres", 50));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static boolean isFalse(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && "false".equalsIgnoreCase(value.getValue());
    }
}
