package dev.updraft.bench.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.updraft.bench.http.LoadClient;
import dev.updraft.bench.metrics.EpochClock;
import dev.updraft.model.ModelJson;

/**
 * Publishes over {@code POST /api/topics/{topic}/events} on a fixed schedule.
 *
 * <p>Each event carries its <em>intended</em> send time ({@code data.t}, epoch µs), not the moment the
 * request left: when the hub is slow to accept publishes, the wait counts as latency instead of silently
 * thinning the load (coordinated omission). The schedule's worst lag is reported so a lagging generator
 * is visible. Bounded by count, by time and by the number of requests in flight.
 */
final class Publisher {

    /** What a publishing run achieved; {@code lastOffset} is the highest offset the hub returned. */
    record Outcome(int attempted, int published, int errors, long lastOffset, long firstIntendedMicros,
                   long maxLagMicros, boolean overloaded, Duration elapsed) {
    }

    private static final int MAX_IN_FLIGHT = 5_000;
    private static final ObjectMapper JSON = ModelJson.newMapper();

    private final LoadClient client;

    Publisher(LoadClient client) {
        this.client = client;
    }

    Outcome publish(String topic, double perSecond, int count, Duration maxTime) throws InterruptedException {
        String uri = "/api/topics/" + topic + "/events";
        long intervalNanos = (long) (1e9 / perSecond);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastOffset = new AtomicLong();
        CountDownLatch done = new CountDownLatch(count);
        long startNanos = System.nanoTime();
        long startMicros = EpochClock.micros();
        long maxLag = 0;
        int attempted = 0;
        boolean overloaded = false;
        for (int i = 0; i < count; i++) {
            long due = startNanos + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            if (now - startNanos > maxTime.toNanos()) {
                break;
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                overloaded = true;
                break;
            }
            maxLag = Math.max(maxLag, now - due);
            long intended = startMicros + i * intervalNanos / 1_000;
            attempted++;
            inFlight.incrementAndGet();
            client.post(uri, "{\"t\":" + intended + ",\"n\":" + i + "}").onComplete(ar -> {
                inFlight.decrementAndGet();
                if (ar.succeeded() && ar.result().status() == 201) {
                    ok.incrementAndGet();
                    lastOffset.accumulateAndGet(offsetOf(ar.result().body().toString()), Math::max);
                } else {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        for (int i = attempted; i < count; i++) {
            done.countDown();
        }
        done.await(30, TimeUnit.SECONDS);
        return new Outcome(attempted, ok.get(), errors.get() + inFlight.get(), lastOffset.get(), startMicros,
                maxLag / 1_000, overloaded, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static long offsetOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("offset").asLong(0);
        } catch (Exception e) {
            return 0;
        }
    }
}
