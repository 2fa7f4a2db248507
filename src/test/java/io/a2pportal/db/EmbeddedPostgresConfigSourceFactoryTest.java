package io.a2pportal.db;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** When the embedded PostgreSQL must stay off: production, an explicit URL, or switched off. */
class EmbeddedPostgresConfigSourceFactoryTest {

    private final EmbeddedPostgresConfigSourceFactory factory = new EmbeddedPostgresConfigSourceFactory();

    @Test
    void productionNeverStartsAnEmbeddedDatabase() {
        assertFalse(factory.getConfigSources(context(List.of("prod"), Map.of())).iterator().hasNext());
    }

    @Test
    void anExplicitUrlWinsInDevModeAndTests() {
        Map<String, String> url = Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal:5432/portal");
        assertFalse(factory.getConfigSources(context(List.of("dev"), url)).iterator().hasNext());
        assertFalse(factory.getConfigSources(context(List.of("test"), url)).iterator().hasNext());
    }

    @Test
    void itCanBeSwitchedOff() {
        assertFalse(factory.getConfigSources(context(List.of("dev"), Map.of("portal.embedded-db.enabled", "false")))
                .iterator().hasNext());
    }

    private static ConfigSourceContext context(List<String> profiles, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return profiles;
            }
        };
    }
}
