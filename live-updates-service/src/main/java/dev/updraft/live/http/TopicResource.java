package dev.updraft.live.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.auth.AuthException;
import dev.updraft.live.auth.Authenticator;
import dev.updraft.live.auth.Grant;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.config.UserNames;
import dev.updraft.live.engine.LiveEngine;
import dev.updraft.live.metrics.LiveMetrics;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.Names;
import dev.updraft.model.live.EventPage;
import dev.updraft.model.live.ServerFrame;
import dev.updraft.model.live.TopicInfo;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The HTTP face of the hub: publish, read history (with long-poll), list topics, presence. Every method is
 * non-blocking: the engine never blocks, and long-polls wait on a callback, not on a thread. With
 * authentication, reads need a token whose {@code subscribe} patterns match the topic (the topic list shows
 * only those), and publishing needs the group {@code publisher} and a matching {@code publish} pattern.
 */
@Path("/api/topics")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class TopicResource {

    private final LiveEngine engine;
    private final ObjectMapper mapper;
    private final LiveMetrics metrics;
    private final LiveConfig config;
    private final Authenticator auth;

    public TopicResource(LiveEngine engine, ObjectMapper mapper, LiveMetrics metrics, LiveConfig config,
            Authenticator auth) {
        this.auth = auth;
        this.engine = engine;
        this.mapper = mapper;
        this.metrics = metrics;
        this.config = config;
    }

    @GET
    @Operation(summary = "Topics with subscriber count, last offset and epoch")
    public Uni<List<TopicInfo>> topics(HttpServerRequest request) {
        Grant grant = auth.authenticate(request);
        return engine.topics()
                .map(topics -> topics.stream().filter(info -> grant.maySubscribe(info.topic())).toList());
    }

    @POST
    @Path("{topic}/events")
    @Operation(summary = "Publish any JSON value to a topic", description = "201 with the event's offset and epoch")
    public Uni<Response> publish(@RestPath String topic,
            @Parameter(description = "sender shown as the event's 'from' (default anonymous); with authentication"
                    + " the token's sub") @RestQuery String user,
            byte[] body, HttpServerRequest request) throws IOException {
        Grant grant = auth.authenticate(request);
        Names.require("topic", topic);
        if (!grant.inGroup(Grant.PUBLISHER)) {
            throw AuthException.forbidden("publishing over HTTP needs a token whose groups claim contains '"
                    + Grant.PUBLISHER + "'");
        }
        if (!grant.mayPublish(topic)) {
            throw AuthException.forbiddenTopic("publish", topic);
        }
        if (!engine.isReady()) {
            throw new WebApplicationException("the service is not ready (shutting down, or Redis unreachable);"
                    + " publish to another replica", 503);
        }
        int max = config.limits().maxMessageBytes();
        if (body.length > max) {
            throw new WebApplicationException("the body has " + body.length + " bytes; at most " + max
                    + " are accepted (updraft.live.limits.max-message-bytes)", 413);
        }
        JsonNode data = body.length == 0 ? null : singleValue(body);
        if (data == null || data.isMissingNode()) {
            throw new InvalidFieldException("body", "body is required: any JSON value");
        }
        return engine.publish(topic, grant.user() != null ? grant.user() : sender(user), data)
                .invoke(ignored -> metrics.published(false))
                .map(result -> Response.status(Response.Status.CREATED).entity(result).build());
    }

    @GET
    @Path("{topic}/events")
    @Operation(summary = "Events after 'since', oldest first; with 'wait', a long-poll until one exists")
    public Uni<EventPage> events(@RestPath String topic,
            @Parameter(description = "last offset seen (default 0: everything still in history)") @RestQuery String since,
            @Parameter(description = "most events to return") @RestQuery String limit,
            @Parameter(description = "long-poll: how long to wait for an event, e.g. 30s") @RestQuery String wait,
            HttpServerRequest request) {
        requireRead(request, topic);
        long after = parseSince(since);
        int max = parseLimit(limit);
        Duration waitFor = parseWait(wait);
        return engine.read(topic, after, max)
                .chain(page -> waitFor == null || !page.events().isEmpty() || !page.recovered()
                        ? Uni.createFrom().item(page)
                        : Uni.createFrom().<Boolean>emitter(emitter -> {
                                    Runnable cancel = engine.onEventAfter(topic, after, () -> emitter.complete(true));
                                    emitter.onTermination(cancel);
                                })
                                .ifNoItem().after(waitFor).recoverWithItem(false)
                                .chain(ignored -> engine.read(topic, after, max)));
    }

    @GET
    @Path("{topic}/presence")
    @Operation(summary = "WebSocket connections subscribed to the topic and their users")
    public Uni<ServerFrame.Presence> presence(@RestPath String topic, HttpServerRequest request) {
        requireRead(request, topic);
        return engine.presence(topic)
                .map(members -> new ServerFrame.Presence(null, topic, members));
    }

    /** 401 without a valid token, 400 for an invalid topic, 403 when the token may not subscribe to it. */
    private void requireRead(HttpServerRequest request, String topic) {
        Grant grant = auth.authenticate(request);
        Names.require("topic", topic);
        if (!grant.maySubscribe(topic)) {
            throw AuthException.forbiddenTopic("subscribe", topic);
        }
    }

    /** Strict: {@code 1 2} is malformed, not the first value with the rest dropped. */
    private JsonNode singleValue(byte[] body) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode value = mapper.readTree(parser);
            if (value != null && parser.nextToken() != null) {
                throw new InvalidFieldException("body", "body must be one JSON value; there is more after it");
            }
            return value;
        }
    }

    private String sender(String user) {
        if (user == null || user.isBlank()) {
            return "anonymous";
        }
        int max = config.limits().maxUserLength();
        if (!UserNames.acceptable(user, max)) {
            throw new InvalidFieldException("user", "user must be at most " + max
                    + " characters without control characters");
        }
        return user;
    }

    private static long parseSince(String since) {
        if (since == null || since.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(since.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidFieldException("since", "since must be an offset: an integer, 0 or greater");
    }

    private int parseLimit(String limit) {
        LiveConfig.LongPoll poll = config.longPoll();
        if (limit == null || limit.isBlank()) {
            return poll.defaultLimit();
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= poll.maxLimit()) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidFieldException("limit", "limit must be an integer from 1 to " + poll.maxLimit());
    }

    private Duration parseWait(String wait) {
        if (wait == null || wait.isBlank()) {
            return null;
        }
        Duration value = Durations.parse("wait", wait);
        Duration max = config.longPoll().maxWait();
        if (value.compareTo(max) > 0) {
            throw new InvalidFieldException("wait", "wait must be at most " + Durations.format(max));
        }
        return value.isZero() ? null : value;
    }
}
