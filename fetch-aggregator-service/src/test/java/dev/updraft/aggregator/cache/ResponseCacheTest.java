package dev.updraft.aggregator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.aggregator.upstream.UpstreamResponse;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

    private static UpstreamResponse ok(String cacheControl, int bodyBytes, String etag) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (cacheControl != null) {
            headers.set("Cache-Control", cacheControl);
        }
        if (etag != null) {
            headers.set("ETag", etag);
        }
        return new UpstreamResponse(200, headers, Buffer.buffer(new byte[bodyBytes]));
    }

    @Test
    void boundedInEntriesLeastRecentlyUsedFirstOut() {
        ResponseCache cache = new ResponseCache(true, 2, 1_000_000);
        cache.store("a", ok("max-age=60", 10, null));
        cache.store("b", ok("max-age=60", 10, null));
        assertThat(cache.lookup("a")).isPresent();
        cache.store("c", ok("max-age=60", 10, null));
        assertThat(cache.lookup("b")).as("least recently used").isEmpty();
        assertThat(cache.lookup("a")).isPresent();
        assertThat(cache.lookup("c")).isPresent();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void boundedInBytes() {
        ResponseCache cache = new ResponseCache(true, 100, 250);
        cache.store("a", ok("max-age=60", 100, null));
        cache.store("b", ok("max-age=60", 100, null));
        cache.store("c", ok("max-age=60", 100, null));
        assertThat(cache.bytes()).isLessThanOrEqualTo(250);
        assertThat(cache.lookup("a")).isEmpty();
        assertThat(cache.size()).isEqualTo(2);
        cache.store("huge", ok("max-age=60", 300, null));
        assertThat(cache.lookup("huge")).as("larger than the whole cache").isEmpty();
        assertThat(cache.bytes()).isEqualTo(200);
    }

    @Test
    void honoursCacheControl() {
        ResponseCache cache = new ResponseCache(true, 100, 1_000_000);
        cache.store("nostore", ok("no-store, max-age=60", 1, null));
        cache.store("private", ok("private, max-age=60", 1, null));
        cache.store("nothing", ok(null, 1, null));
        cache.store("shared", ok("max-age=0, s-maxage=60", 1, null));
        cache.store("nocache", ok("no-cache, max-age=60", 1, "\"e1\""));
        assertThat(cache.lookup("nostore")).isEmpty();
        assertThat(cache.lookup("private")).isEmpty();
        assertThat(cache.lookup("nothing")).as("neither fresh nor revalidatable").isEmpty();
        assertThat(cache.lookup("shared")).get().matches(ResponseCache.Entry::fresh);
        assertThat(cache.lookup("nocache")).get()
                .matches(e -> !e.fresh() && e.revalidatable() && e.etag().equals("\"e1\""));
    }

    @Test
    void ageIsSubtractedFromMaxAge() {
        ResponseCache cache = new ResponseCache(true, 100, 1_000_000);
        UpstreamResponse aged = ok("max-age=60", 1, null);
        aged.headers().set("Age", "60");
        cache.store("aged", aged);
        assertThat(cache.lookup("aged")).isEmpty();
    }

    @Test
    void keyIncludesMethodUrlAndHeadersRegardlessOfCase() {
        String a = ResponseCache.key(new UpstreamRequest("x", "http://h/p", "GET",
                Map.of("Accept", "application/json", "authorization", "Bearer 1"), null));
        String b = ResponseCache.key(new UpstreamRequest("y", "http://h/p", "GET",
                Map.of("Authorization", "Bearer 1", "accept", "application/json"), null));
        String c = ResponseCache.key(new UpstreamRequest("z", "http://h/p", "GET",
                Map.of("Authorization", "Bearer 2", "accept", "application/json"), null));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void freshnessBeyondTheClockRangeIsCappedAt2To31Seconds() {
        ResponseCache cache = new ResponseCache(true, 10, 1_000_000);
        cache.store("huge", ok("max-age=9223372036854775807", 10, null));
        cache.store("s-huge", ok("s-maxage=99999999999999999999", 10, null));
        // both once threw ArithmeticException (or were ignored) instead of counting as 2^31 s (RFC 9111)
        assertThat(cache.lookup("huge")).hasValueSatisfying(e -> assertThat(e.fresh()).isTrue());
        assertThat(cache.lookup("s-huge")).hasValueSatisfying(e -> assertThat(e.fresh()).isTrue());
    }
}
