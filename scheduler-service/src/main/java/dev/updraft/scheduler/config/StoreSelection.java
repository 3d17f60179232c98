package dev.updraft.scheduler.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Chooses the job store at start-up, so that one build serves both deployments: the embedded H2 file, or
 * PostgreSQL when {@code UPDRAFT_PG_URL} is set ({@code postgresql://[user[:password]@]host[:port]/db} or a
 * {@code jdbc:postgresql:} URL) or {@code updraft.scheduler.store=postgresql}. It activates the matching
 * datasource, deactivates the other and points Quartz at it. On PostgreSQL it also makes Quartz clustered: Quarkus
 * only reads {@code quarkus.quartz.clustered} at build time, so the build leaves it off and the Quartz properties
 * are passed at run time instead ({@code quarkus.quartz.unsupported-properties}, which Quarkus adds to the ones it
 * sets itself). The embedded store, one process per H2 file, then locks in memory rather than taking a row lock in
 * the database for every store transaction. Its ordinal sits between
 * {@code application.properties} and environment variables, so anything set explicitly still wins.
 * (Quarkus also runs this during static initialisation, before the environment is visible: the values it
 * derives are only read at run time, so that early pass has no effect.)
 */
public class StoreSelection implements ConfigSourceFactory {

    public static final String EMBEDDED = "embedded";
    public static final String POSTGRESQL = "postgresql";
    /** How soon the other replicas take over the firings of a replica that died, in ms. */
    static final String CLUSTER_CHECKIN_INTERVAL = "5000";
    private static final String QUARTZ = "quarkus.quartz.unsupported-properties.\"org.quartz.jobStore.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String pgUrl = value(context, "UPDRAFT_PG_URL");
        String store = value(context, "updraft.scheduler.store");
        boolean postgres = store != null ? POSTGRESQL.equals(store.trim().toLowerCase(Locale.ROOT)) : pgUrl != null;
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.quartz.deferred-datasource-name", postgres ? POSTGRESQL : EMBEDDED);
        properties.put("quarkus.datasource.embedded.active", Boolean.toString(!postgres));
        properties.put("quarkus.datasource.postgresql.active", Boolean.toString(postgres));
        if (postgres) {
            properties.put(QUARTZ + "isClustered\"", "true");
            properties.put(QUARTZ + "clusterCheckinInterval\"", CLUSTER_CHECKIN_INTERVAL);
        }
        if (postgres && pgUrl != null) {
            properties.putAll(jdbc(pgUrl));
        }
        return List.of(new PropertiesConfigSource(properties, "updraft-store-selection", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    /** {@code postgresql://user:secret@db:5432/updraft} as the JDBC URL, user and password of the datasource. */
    static Map<String, String> jdbc(String url) {
        Map<String, String> properties = new HashMap<>();
        String prefix = "quarkus.datasource.postgresql.";
        if (url.startsWith("jdbc:")) {
            properties.put(prefix + "jdbc.url", url);
            return properties;
        }
        URI uri = URI.create(url);
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        properties.put(prefix + "jdbc.url", "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query);
        if (uri.getUserInfo() != null) {
            String[] user = uri.getUserInfo().split(":", 2);
            properties.put(prefix + "username", user[0]);
            if (user.length == 2) {
                properties.put(prefix + "password", user[1]);
            }
        }
        return properties;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
