package dev.updraft.live.ws;

import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.LiveEngine;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses upgrades that cannot succeed: 503 while the engine is not ready (e.g. shutting down) and 400 for
 * a {@code user} name that is too long or contains control characters.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {

    private final LiveEngine engine;
    private final int maxUserLength;

    public UpgradeCheck(LiveEngine engine, LiveConfig config) {
        this.engine = engine;
        this.maxUserLength = config.limits().maxUserLength();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!engine.isReady()) {
            return CheckResult.rejectUpgrade(503);
        }
        String user = context.httpRequest().getParam("user");
        if (user != null && !acceptable(user)) {
            return CheckResult.rejectUpgrade(400);
        }
        return CheckResult.permitUpgrade();
    }

    boolean acceptable(String user) {
        return user.length() <= maxUserLength && user.codePoints().noneMatch(Character::isISOControl);
    }
}
