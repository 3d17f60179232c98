package dev.updraft.live.ws;

import dev.updraft.live.auth.AuthException;
import dev.updraft.live.auth.Grant;
import dev.updraft.live.auth.UpgradeAuth;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.config.UserNames;
import dev.updraft.live.engine.LiveEngine;
import io.netty.channel.Channel;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses upgrades that cannot succeed: 503 while the engine is not ready (e.g. shutting down) and 400 for
 * a {@code user} name that is too long or contains control characters. With authentication, the token was
 * checked before ({@link UpgradeAuth}, which answers 401); its {@link Grant} goes to the connection's user
 * data under {@link #GRANT}.
 *
 * <p>It also hands the connection's Netty channel to {@link Session} (through the connection's user data)
 * for the pre-encoded, coalesced event writes that websockets-next's {@code sendText} cannot do. The
 * channel comes from Vert.x internals; when they change shape, {@link #CHANNEL} stays empty and events
 * fall back to {@code sendText}.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<Channel> CHANNEL = new UserData.TypedKey<>("updraft.live.channel");
    static final UserData.TypedKey<Grant> GRANT = new UserData.TypedKey<>("updraft.live.grant");

    private final LiveEngine engine;
    private final UpgradeAuth auth;
    private final int maxUserLength;
    private volatile boolean warnedNoChannel;

    public UpgradeCheck(LiveEngine engine, UpgradeAuth auth, LiveConfig config) {
        this.engine = engine;
        this.auth = auth;
        this.maxUserLength = config.limits().maxUserLength();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!engine.isReady()) {
            return CheckResult.rejectUpgrade(503);
        }
        Grant grant;
        try {
            grant = auth.grantOf(context.httpRequest());
        } catch (AuthException e) {
            return CheckResult.rejectUpgrade(e.problem().status());
        }
        String user = context.httpRequest().getParam("user");
        if (grant.user() == null && user != null && !UserNames.acceptable(user, maxUserLength)) {
            return CheckResult.rejectUpgrade(400);
        }
        context.userData().put(GRANT, grant);
        Channel channel = channelOf(context.httpRequest());
        if (channel != null) {
            context.userData().put(CHANNEL, channel);
        }
        return CheckResult.permitUpgrade();
    }

    private Channel channelOf(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            return connection.channel();
        }
        if (!warnedNoChannel) {
            warnedNoChannel = true;
            Log.warnf("no Netty channel behind %s: events use sendText (no pre-encoded, coalesced writes)",
                    request.connection().getClass().getName());
        }
        return null;
    }
}
