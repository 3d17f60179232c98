package dev.updraft.live.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.http.Problems;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.WebServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Authenticates WebSocket upgrades on {@code /ws} before websockets-next sees them, because a refused
 * upgrade there can only be a bare status code and the protocol promises a 401 problem+json. The grant is
 * left on the request's routing context for the upgrade check ({@link #grantOf}).
 */
@ApplicationScoped
public class UpgradeAuth {

    private static final String GRANT = "updraft.live.grant";
    private static final int BEFORE_ENDPOINTS = -1;

    private final Authenticator authenticator;
    private final ObjectMapper mapper;

    public UpgradeAuth(Authenticator authenticator, ObjectMapper mapper) {
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        if (authenticator.enabled()) {
            // routes without an explicit order, the WebSocket endpoint's among them, are numbered 0, 1, 2, … as
            // they are added; a negative order runs before all of them and after Quarkus's own pre-handlers
            router.route("/ws").order(BEFORE_ENDPOINTS).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        try {
            ctx.put(GRANT, authenticator.authenticate(ctx.request()));
        } catch (AuthException e) {
            Problems.refuse(mapper, e, ctx.request());
            return;
        }
        ctx.next();
    }

    /**
     * The grant of an upgrade request: the one {@link #check} stored, or (should the request no longer lead
     * to its routing context) the token verified again. Throws {@link AuthException} when it is refused.
     */
    public Grant grantOf(HttpServerRequest request) {
        if (request instanceof WebServerRequest web && web.routingContext().get(GRANT) instanceof Grant grant) {
            return grant;
        }
        return authenticator.authenticate(request);
    }
}
