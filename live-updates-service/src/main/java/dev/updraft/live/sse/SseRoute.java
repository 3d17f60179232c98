package dev.updraft.live.sse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.auth.AuthException;
import dev.updraft.live.auth.Authenticator;
import dev.updraft.live.auth.Grant;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.EngineUnavailableException;
import dev.updraft.live.engine.LiveEngine;
import dev.updraft.live.engine.SubscribeOutcome;
import dev.updraft.live.fanout.LoopHub;
import dev.updraft.live.fanout.LoopHubs;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.live.http.Problems;
import dev.updraft.live.metrics.LiveMetrics;
import dev.updraft.model.FieldError;
import dev.updraft.model.Names;
import dev.updraft.model.ProblemDetail;
import dev.updraft.model.live.ServerFrame;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /sse/topics/{topic}}: the topic as Server-Sent Events. A plain Vert.x route, so the stream is
 * written on the request's event loop by that loop's fan-out, exactly like a WebSocket subscriber.
 * Recovery: {@code Last-Event-ID} (or {@code ?since=} on the first request), optionally {@code ?epoch=}.
 * The first message is an {@code event: subscribed} carrying the {@code subscribed} frame.
 */
@ApplicationScoped
public class SseRoute {

    private final LiveEngine engine;
    private final LoopHubs hubs;
    private final LiveMetrics metrics;
    private final ObjectMapper mapper;
    private final LiveConfig config;
    private final Authenticator auth;

    public SseRoute(LiveEngine engine, LoopHubs hubs, LiveMetrics metrics, ObjectMapper mapper, LiveConfig config,
            Authenticator auth) {
        this.auth = auth;
        this.engine = engine;
        this.hubs = hubs;
        this.metrics = metrics;
        this.mapper = mapper;
        this.config = config;
    }

    void register(@Observes Router router) {
        router.get("/sse/topics/:topic").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        Grant grant;
        try {
            grant = auth.authenticate(ctx.request());
        } catch (AuthException e) {
            Problems.refuse(mapper, e, ctx.request());
            return;
        }
        String topic = ctx.pathParam("topic");
        if (!Names.isValid(topic)) {
            badRequest(ctx, "topic", "topic '" + topic + "' is invalid: use 1 to 128 of A-Z a-z 0-9 . _ : -"
                    + " starting with a letter or digit");
            return;
        }
        if (!grant.maySubscribe(topic)) {
            Problems.refuse(mapper, AuthException.forbiddenTopic("subscribe", topic), ctx.request());
            return;
        }
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        String sinceText = lastEventId != null ? lastEventId : ctx.request().getParam("since");
        Long since;
        try {
            since = sinceText == null || sinceText.isBlank() ? null : Long.valueOf(sinceText.trim());
        } catch (NumberFormatException e) {
            since = -1L;
        }
        if (since != null && since < 0) {
            badRequest(ctx, lastEventId != null ? "Last-Event-ID" : "since",
                    "the last event id must be an offset: an integer, 0 or greater");
            return;
        }
        if (!engine.isReady()) {
            ctx.response().putHeader("Retry-After", "1");
            problem(ctx, ProblemDetail.of(503, "Service Unavailable",
                    "the service is not ready (shutting down, or Redis unreachable);"
                            + " reconnect to another replica and recover with Last-Event-ID"));
            return;
        }
        start(ctx, topic, since, ctx.request().getParam("epoch"));
        if (grant.expires()) {
            // the stream ends when the token does; EventSource reconnects and must bring a fresh token
            long timer = ctx.vertx().setTimer(Math.max(1, grant.expiresAtMillis() - System.currentTimeMillis()),
                    ignored -> ctx.response().end());
            ctx.addEndHandler(ignored -> ctx.vertx().cancelTimer(timer));
        }
    }

    private void start(RoutingContext ctx, String topic, Long since, String epoch) {
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        LoopHub hub = hubs.current();
        SseStream stream = new SseStream(response, metrics, config.ping().interval().toNanos());
        Subscription subscription = new Subscription(topic, stream, hub);
        metrics.connectionOpened();
        metrics.subscribed();
        hub.attach(stream);
        ctx.request().connection().closeHandler(ignored -> closed(stream, subscription, hub));
        response.closeHandler(ignored -> closed(stream, subscription, hub));
        response.endHandler(ignored -> closed(stream, subscription, hub));
        engine.subscribe(subscription, since, epoch, null).subscribe().with(
                outcome -> subscribed(stream, subscription, hub, outcome),
                failure -> subscribeFailed(ctx, stream, subscription, hub, failure));
    }

    /** On the stream's loop, in the turn the engine emitted the outcome (the replay/live hand-over). */
    private void subscribed(SseStream stream, Subscription subscription, LoopHub hub, SubscribeOutcome outcome) {
        if (!hub.isAttached(stream)) {
            return; // the client went away while the engine was answering
        }
        stream.writeRaw("retry: " + config.sse().retry().toMillis() + "\nevent: subscribed\ndata: "
                + json(new ServerFrame.Subscribed(subscription.topic(), null, outcome.offset(), outcome.epoch(),
                        outcome.recovered()))
                + "\n\n");
        subscription.replay(outcome.replay());
    }

    /** Nothing was written yet: the client gets a 503 problem and its EventSource retries. */
    private void subscribeFailed(RoutingContext ctx, SseStream stream, Subscription subscription, LoopHub hub,
            Throwable failure) {
        if (!hub.isAttached(stream)) {
            return;
        }
        hub.detach(stream);
        stream.markClosed();
        metrics.unsubscribed();
        metrics.connectionClosed();
        if (!(failure instanceof EngineUnavailableException)) {
            Log.errorf(failure, "SSE subscribe to %s failed", subscription.topic());
        }
        ctx.response().putHeader("Retry-After", "1");
        problem(ctx, ProblemDetail.of(503, "Service Unavailable", failure.getMessage() + "; retry shortly"));
    }

    /** Idempotent: close, end and connection-close handlers may all fire for one stream. */
    private void closed(SseStream stream, Subscription subscription, LoopHub hub) {
        if (!hub.isAttached(stream)) {
            return;
        }
        stream.markClosed();
        hub.detach(stream);
        engine.unsubscribe(subscription, null);
        metrics.unsubscribed();
        metrics.connectionClosed();
    }

    private void badRequest(RoutingContext ctx, String field, String message) {
        problem(ctx, ProblemDetail.badRequest(new FieldError(field, message)));
    }

    private void problem(RoutingContext ctx, ProblemDetail problem) {
        Problems.end(mapper, problem, ctx.request());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }
}
