package dev.updraft.aggregator.cache;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.upstream.UpstreamResponse;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A shared HTTP cache for GET responses (status 200), bounded in entries and body bytes, least recently
 * used first out. It honours {@code Cache-Control} ({@code no-store} and {@code private}: not stored;
 * {@code max-age}/{@code s-maxage} minus {@code Age}: fresh for that long; {@code no-cache}: always
 * revalidated) and revalidates stale entries that carry an {@code ETag} or {@code Last-Modified}.
 *
 * <p>Invariant, guarded by {@code lock}: {@code bytes} is the sum of the body sizes in {@code entries},
 * and after every change {@code entries.size() <= maxEntries} and {@code bytes <= maxBytes}.
 */
@Singleton
public class ResponseCache {

    /** A stored response; {@code freshUntilNanos} on the monotonic clock. */
    public record Entry(UpstreamResponse response, long freshUntilNanos, String etag, String lastModified) {

        public boolean fresh() {
            return System.nanoTime() - freshUntilNanos < 0;
        }

        public boolean revalidatable() {
            return etag != null || lastModified != null;
        }

        long bytes() {
            return response.body().length();
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final boolean enabled;
    private final int maxEntries;
    private final long maxBytes;
    private long bytes;

    @Inject
    public ResponseCache(AggregatorConfig config) {
        this(config.cache().enabled(), config.cache().maxEntries(), config.cache().maxBytes());
    }

    ResponseCache(boolean enabled, int maxEntries, long maxBytes) {
        this.enabled = enabled;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Method, URL and every request header, so that callers with different credentials never share. */
    public static String key(UpstreamRequest request) {
        if (request.headers().isEmpty()) {
            return request.method() + ' ' + request.url();
        }
        StringBuilder key = new StringBuilder(request.method()).append(' ').append(request.url());
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        headers.forEach((name, value) -> key.append('\n').append(name.toLowerCase(Locale.ROOT)).append(": ").append(value));
        return key.toString();
    }

    public Optional<Entry> lookup(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(key));
        } finally {
            lock.unlock();
        }
    }

    /** Stores a fresh 200 response when its headers allow it; drops the old entry when they forbid it. */
    public void store(String key, UpstreamResponse response) {
        if (response.status() != 200) {
            return;
        }
        CacheControl cc = CacheControl.parse(response.headers().get("Cache-Control"));
        Entry entry = entryFor(response, response.headers(), cc);
        if (cc.noStore() || cc.isPrivate() || entry == null || entry.bytes() > maxBytes) {
            remove(key);
            return;
        }
        put(key, entry);
    }

    /** A 304 answered a revalidation: the stored body stays, its freshness comes from the new headers. */
    public Entry refresh(String key, Entry stale, UpstreamResponse notModified) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(stale.response().headers());
        notModified.headers().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                headers.set(h.getKey(), h.getValue());
            }
        });
        UpstreamResponse merged = new UpstreamResponse(stale.response().status(), headers, stale.response().body());
        CacheControl cc = CacheControl.parse(headers.get("Cache-Control"));
        Entry refreshed = entryFor(merged, headers, cc);
        if (refreshed == null || cc.noStore() || cc.isPrivate()) {
            remove(key);
            return new Entry(merged, System.nanoTime(), stale.etag(), stale.lastModified());
        }
        put(key, refreshed);
        return refreshed;
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Null when the response can neither be served fresh nor revalidated later: nothing worth keeping. */
    private static Entry entryFor(UpstreamResponse response, MultiMap headers, CacheControl cc) {
        long freshSeconds = cc.noCache() ? 0 : Math.max(0, cc.maxAgeSeconds().orElse(0) - age(headers));
        String etag = headers.get("ETag");
        String lastModified = headers.get("Last-Modified");
        if (freshSeconds == 0 && etag == null && lastModified == null) {
            return null;
        }
        return new Entry(response, System.nanoTime() + Duration.ofSeconds(freshSeconds).toNanos(), etag, lastModified);
    }

    private static long age(MultiMap headers) {
        try {
            String age = headers.get("Age");
            return age == null ? 0 : Math.max(0, Long.parseLong(age.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void put(String key, Entry entry) {
        lock.lock();
        try {
            Entry old = entries.put(key, entry);
            bytes += entry.bytes() - (old == null ? 0 : old.bytes());
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
                Map.Entry<String, Entry> e = eldest.next();
                bytes -= e.getValue().bytes();
                eldest.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    private void remove(String key) {
        lock.lock();
        try {
            Entry old = entries.remove(key);
            if (old != null) {
                bytes -= old.bytes();
            }
        } finally {
            lock.unlock();
        }
    }
}
