package dev.updraft.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.ModelJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x WebSocket test client: frames land in a blocking queue that tests poll with a timeout. Vert.x
 * rather than websockets-next's connector because tests need to pause reading (slow consumer), send
 * binary and oversized frames, and see the close code.
 */
public final class WsClient implements AutoCloseable {

    public static final ObjectMapper JSON = ModelJson.newMapper();
    private static final long WAIT_SECONDS = 5;

    private final WebSocketClient client;
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closeCode = new CompletableFuture<>();

    private WsClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> {
            try {
                frames.add(JSON.readTree(text));
            } catch (Exception e) {
                frames.add(JSON.getNodeFactory().textNode("UNPARSEABLE " + text));
            }
        });
        socket.closeHandler(ignored -> closeCode.complete(socket.closeStatusCode()));
    }

    public static WsClient connect(Vertx vertx, URI ws, String user) {
        return connect(vertx, ws, user, new WebSocketClientOptions());
    }

    /**
     * With a small receive buffer (the kernel would otherwise buffer tens of megabytes for a client that
     * stopped reading), for slow-consumer tests.
     */
    public static WsClient connectWithSmallBuffer(Vertx vertx, URI ws, String user) {
        return connect(vertx, ws, user, new WebSocketClientOptions().setReceiveBufferSize(32 * 1024));
    }

    /** With a raw query string (e.g. {@code access_token=…}, may be null) and extra upgrade request headers. */
    public static WsClient connect(Vertx vertx, URI ws, String query, Map<String, String> headers) {
        return connect(vertx, ws, query == null ? "" : "?" + query, headers, new WebSocketClientOptions());
    }

    private static WsClient connect(Vertx vertx, URI ws, String user, WebSocketClientOptions base) {
        return connect(vertx, ws, user == null ? "" : "?user=" + user, Map.of(), base);
    }

    private static WsClient connect(Vertx vertx, URI ws, String query, Map<String, String> headers,
            WebSocketClientOptions base) {
        WebSocketClient client = vertx.createWebSocketClient(base.setMaxMessageSize(1 << 20).setMaxFrameSize(1 << 20));
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(ws.getHost()).setPort(ws.getPort()).setURI(ws.getPath() + query);
        headers.forEach(options::addHeader);
        try {
            WebSocket socket = client.connect(options).toCompletionStage().toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            return new WsClient(client, socket);
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + ws + query, e);
        }
    }

    public WsClient send(String json) {
        socket.writeTextMessage(json);
        return this;
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** The next frame, failing the test if none arrives within a few seconds. */
    public JsonNode next() {
        try {
            JsonNode frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (frame == null) {
                fail("no frame within " + WAIT_SECONDS + " s");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must be of {@code type}. */
    public JsonNode next(String type) {
        JsonNode frame = next();
        assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo(type);
        return frame;
    }

    /** The next {@code count} frames, which must all be events. */
    public List<JsonNode> events(int count) {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(next("event"));
        }
        return events;
    }

    /** Asserts that nothing arrives for {@code millis}. */
    public void expectSilence(long millis) throws InterruptedException {
        JsonNode frame = frames.poll(millis, TimeUnit.MILLISECONDS);
        assertThat(frame).as("unexpected frame").isNull();
    }

    public JsonNode subscribe(String topic) {
        send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"id\":\"s-" + topic + "\"}");
        return next("subscribed");
    }

    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    /** The close code the server sent, waiting for it. */
    public short closeCode(long seconds) {
        try {
            return closeCode.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + seconds + " s", e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
        client.close();
    }
}
