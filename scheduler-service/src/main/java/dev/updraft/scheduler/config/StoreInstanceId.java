package dev.updraft.scheduler.config;

import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.quartz.spi.InstanceIdGenerator;

/**
 * The Quartz instance id. On the embedded store one process owns the H2 file, so the id is fixed: a restarted
 * process reclaims the triggers its previous run had acquired at once, instead of after the cluster failure
 * detection. On PostgreSQL every replica needs its own id.
 */
public class StoreInstanceId implements InstanceIdGenerator {

    @Override
    public String generateInstanceId() {
        String store = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.quartz.deferred-datasource-name", String.class)
                .orElse(StoreSelection.EMBEDDED);
        return StoreSelection.EMBEDDED.equals(store) ? StoreSelection.EMBEDDED : "replica-" + UUID.randomUUID();
    }
}
