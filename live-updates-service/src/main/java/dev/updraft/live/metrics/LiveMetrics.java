package dev.updraft.live.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The service's meters. Hot-path counts go to {@link LongAdder}s read at scrape time, so a delivery costs
 * an uncontended add rather than a meter lookup. A singleton, not application-scoped: every write calls it, and
 * an application-scoped bean's client proxy looked its instance up on each call (6 % of the fan-out's samples).
 */
@Singleton
public class LiveMetrics {

    private final MeterRegistry registry;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder outbound = new LongAdder();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final Counter publishedWs;
    private final Counter publishedHttp;
    private final Counter slowConsumerCloses;
    private final Counter rateLimited;
    private final Timer deliveryLatency;
    private final Counter channelWrites;
    private final Counter sendTextWrites;

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("updraft.live.events.delivered", delivered, LongAdder::doubleValue)
                .description("Frames of events and presence changes handed to subscribers' connections")
                .register(registry);
        Gauge.builder("updraft.live.connections", connections, AtomicLong::get)
                .description("Open WebSocket connections and SSE streams")
                .register(registry);
        Gauge.builder("updraft.live.subscriptions", subscriptions, AtomicLong::get)
                .description("Topic subscriptions over all connections")
                .register(registry);
        Gauge.builder("updraft.live.outbound.frames", outbound, LongAdder::sum)
                .description("Frames queued to WebSocket connections and not yet written to their sockets")
                .register(registry);
        this.channelWrites = writePath("channel");
        this.sendTextWrites = writePath("sendText");
        this.publishedWs = published("ws");
        this.publishedHttp = published("http");
        this.slowConsumerCloses = Counter.builder("updraft.live.slow.consumer.closes")
                .description("Connections closed (4008) because their outbound queue went over the bound")
                .register(registry);
        this.rateLimited = Counter.builder("updraft.live.publish.rate.limited")
                .description("Publishes refused with rate_limited")
                .register(registry);
        this.deliveryLatency = Timer.builder("updraft.live.delivery.latency")
                .description("Time from publish to the fan-out writing the event to its subscribers on one loop")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter published(String transport) {
        return Counter.builder("updraft.live.events.published")
                .description("Events published")
                .tag("transport", transport)
                .register(registry);
    }

    private Counter writePath(String path) {
        return Counter.builder("updraft.live.websocket.opened")
                .description("WebSocket connections opened, by how events are written: pre-encoded on the"
                        + " Netty channel, or through websockets-next sendText (fallback)")
                .tag("write.path", path)
                .register(registry);
    }

    public void webSocketOpened(boolean onChannel) {
        (onChannel ? channelWrites : sendTextWrites).increment();
    }

    /** Registers a gauge whose value is computed at scrape time, e.g. the total history size. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void published(boolean viaWebSocket) {
        (viaWebSocket ? publishedWs : publishedHttp).increment();
    }

    public void delivered(long count) {
        if (count > 0) {
            delivered.add(count);
        }
    }

    /** A frame entered (+1) or left (-1) some connection's outbound queue. */
    public void outbound(int change) {
        outbound.add(change);
    }

    public long outboundFrames() {
        return outbound.sum();
    }

    public void recordDeliveryLatency(long nanos) {
        deliveryLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public long openConnections() {
        return connections.get();
    }

    public void subscribed() {
        subscriptions.incrementAndGet();
    }

    public void unsubscribed() {
        subscriptions.decrementAndGet();
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }
}
