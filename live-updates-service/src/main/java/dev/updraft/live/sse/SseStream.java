package dev.updraft.live.sse;

import dev.updraft.live.fanout.Burst;
import dev.updraft.live.fanout.Delivery;
import dev.updraft.live.fanout.LoopHub;
import dev.updraft.live.fanout.Sink;
import dev.updraft.live.metrics.LiveMetrics;
import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One Server-Sent Events stream, confined to its request's event loop. Events carry {@code id: offset}, so
 * the browser's automatic reconnect sends {@code Last-Event-ID} and recovers. A stream whose socket cannot
 * keep up is ended (the SSE counterpart of close 4008); the client reconnects and recovers the same way.
 */
final class SseStream implements Sink, LoopHub.Heartbeat {

    private static final Buffer HEARTBEAT = Buffer.buffer(": ping\n\n");

    private final HttpServerResponse response;
    private final LiveMetrics metrics;
    private final long heartbeatNanos;
    private long lastWrite = System.nanoTime();
    private boolean closing;

    SseStream(HttpServerResponse response, LiveMetrics metrics, long heartbeatNanos) {
        this.response = response;
        this.metrics = metrics;
        this.heartbeatNanos = heartbeatNanos;
    }

    void writeRaw(String text) {
        response.write(text);
        lastWrite = System.nanoTime();
    }

    @Override
    public int send(Burst burst, int from, int to) {
        int queued = 0;
        for (int i = from; i < to && !closing; i++) {
            Delivery delivery = burst.get(i);
            if (!delivery.isEvent()) {
                continue; // join/leave: SSE streams carry events only
            }
            if (response.writeQueueFull()) {
                Log.infof("ending SSE stream of %s: it does not keep up", delivery.topic());
                metrics.slowConsumerClosed();
                end();
                break;
            }
            write(delivery);
            queued++;
        }
        return queued;
    }

    @Override
    public void sendReplayed(Burst events) {
        for (int i = 0; i < events.size() && !closing; i++) {
            if (events.get(i).isEvent()) {
                write(events.get(i));
            }
        }
    }

    @Override
    public void tick(long nowNanos) {
        // comments keep proxies from timing the stream out and reveal dead peers through failed writes
        if (!closing && nowNanos - lastWrite >= heartbeatNanos) {
            response.write(HEARTBEAT);
            lastWrite = nowNanos;
        }
    }

    @Override
    public void shutdown() {
        end();
    }

    void markClosed() {
        closing = true;
    }

    private void write(Delivery delivery) {
        writeRaw("id: " + delivery.offset() + "\ndata: " + delivery.frame() + "\n\n");
    }

    private void end() {
        if (!closing) {
            closing = true;
            response.end();
        }
    }
}
