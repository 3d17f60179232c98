package dev.updraft.aggregator.upstream;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.model.Durations;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.netty.channel.EventLoop;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream exchange on the Vert.x Mutiny web client: resolve and check the target, send, read the
 * body within the byte limit, and follow redirects (each hop resolved and checked again). Failures come
 * out as {@link UpstreamFailure} or raw network exceptions that {@link Failures} types.
 */
@Singleton
public class UpstreamClient {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers that belong to the connection, which this client owns; Host always names the URL's host. */
    private static final Set<String> CONNECTION_HEADERS = Set.of("host", "connection", "content-length",
            "transfer-encoding", "upgrade", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

    /** A web client for cleartext upstreams and one for TLS upstreams, sharing nothing with other pairs. */
    private record Clients(WebClient cleartext, WebClient tls) {
    }

    /** Keyed by the identity of the core request object, which is what the interceptor sees. */
    private final Map<Object, Cancellation> cancellations = new ConcurrentHashMap<>();
    /**
     * One pair of clients, hence one connection pool, per event loop. A pool leases any idle connection to
     * any requester (Vert.x 4 picks the most recent one, whatever its loop), and a request on a connection of
     * another loop crosses threads for its head, its response and its flow control: three task hand-overs
     * and selector wake-ups per exchange. With a pool per loop, a loop only ever uses connections it opened.
     */
    private final Map<EventLoop, Clients> perLoop = new ConcurrentHashMap<>();
    /** For sends from outside the event loops (a retry or a hedge whose delay ran on a worker thread). */
    private final Clients offLoop;
    private final Vertx vertx;
    private final AggregatorConfig config;
    private final TargetResolver resolver;
    private final long maxBodyBytes;
    private final int maxRedirects;
    private final String userAgent;

    public UpstreamClient(Vertx vertx, AggregatorConfig config, TargetResolver resolver) {
        this.vertx = vertx;
        this.config = config;
        this.resolver = resolver;
        this.maxBodyBytes = config.limits().maxBodyBytes();
        this.maxRedirects = config.http().maxRedirects();
        this.userAgent = config.http().userAgent();
        this.offLoop = newClients();
    }

    private Clients newClients() {
        // Cleartext stays HTTP/1.1: an h2c upgrade or prior-knowledge HTTP/2 would break plain HTTP/1.1 servers.
        WebClient cleartext = WebClient.create(vertx, baseOptions(config).setProtocolVersion(HttpVersion.HTTP_1_1));
        // On TLS, ALPN lets the upstream pick HTTP/2 when it offers it, else HTTP/1.1 on the same pool.
        WebClient tls = WebClient.create(vertx, baseOptions(config)
                .setUseAlpn(config.http().http2())
                .setProtocolVersion(config.http().http2() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1));
        attachCancellations(cleartext);
        attachCancellations(tls);
        return new Clients(cleartext, tls);
    }

    /** The clients of the calling event loop (created on its first send), or the shared off-loop pair. */
    private Clients clientsHere() {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return offLoop;
        }
        return perLoop.computeIfAbsent(((ContextInternal) context).nettyEventLoop(), loop -> newClients());
    }

    /** Hands each request, once it exists, to the {@link Cancellation} registered for its send. */
    private void attachCancellations(WebClient client) {
        ((WebClientInternal) client.getDelegate()).addInterceptor(ctx -> {
            if (ctx.phase() == ClientPhase.SEND_REQUEST) {
                Cancellation cancellation = cancellations.get(ctx.request());
                if (cancellation != null) {
                    cancellation.attach(ctx.clientRequest());
                }
            }
            ctx.next();
        });
    }

    private static WebClientOptions baseOptions(AggregatorConfig config) {
        WebClientOptions options = new WebClientOptions();
        config.http().trustPem().ifPresent(pem -> options.setPemTrustOptions(new PemTrustOptions().addCertPath(pem)));
        return options
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) config.http().keepAlive().toSeconds())
                .setHttp2KeepAliveTimeout((int) config.http().keepAlive().toSeconds())
                .setMaxPoolSize(config.concurrency().perHost())
                .setHttp2MaxPoolSize(Math.max(1, config.concurrency().perHost() / 16))
                .setMaxWaitQueueSize(-1)
                .setDecompressionSupported(true)
                .setVerifyHost(true)
                .setUserAgentEnabled(false);
    }

    @PreDestroy
    void close() {
        perLoop.values().forEach(UpstreamClient::close);
        close(offLoop);
    }

    private static void close(Clients clients) {
        clients.cleartext().close();
        clients.tls().close();
    }

    /**
     * Sends {@code request} to {@code uri} (its URL, parsed once by the caller); {@code timeout} bounds the
     * whole exchange, redirects included.
     */
    public Uni<UpstreamResponse> exchange(UpstreamRequest request, URI uri, Duration timeout) {
        return hop(request, HttpMethod.valueOf(request.method()), uri, timeout, 0)
                .ifNoItem().after(timeout)
                .failWith(() -> new UpstreamFailure(ErrorKind.TIMEOUT, "no response within " + format(timeout)));
    }

    private Uni<UpstreamResponse> hop(UpstreamRequest request, HttpMethod method, URI uri, Duration timeout, int hops) {
        return resolver.resolve(uri)
                .chain(target -> send(request, method, target, timeout))
                .chain(response -> followOrReturn(request, method, uri, timeout, hops, response));
    }

    private Uni<HttpResponse<Buffer>> send(UpstreamRequest request, HttpMethod method, Target target, Duration timeout) {
        Clients clients = clientsHere();
        WebClient client = target.tls() ? clients.tls() : clients.cleartext();
        HttpRequest<Buffer> http = client
                .request(method, target.port(), target.address().getHostAddress(), target.pathAndQuery())
                .virtualHost(target.host())
                .ssl(target.tls())
                // No idle timeout: the exchange's own timeout (above) always ends first, and a second timer
                // per request costs a set and a cancel on the loop for nothing.
                .connectTimeout(timeout.toMillis())
                .putHeader("User-Agent", userAgent)
                .as(LimitedBodyCodec.limitedTo(maxBodyBytes));
        request.headers().forEach((name, value) -> {
            if (!CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                http.putHeader(name, value);
            }
        });
        Object key = http.getDelegate();
        Cancellation cancellation = new Cancellation();
        return Uni.createFrom().deferred(() -> {
            cancellations.put(key, cancellation);
            return http.send();
        })
                .onTermination().invoke(() -> cancellations.remove(key))
                // A failed body (too large, truncated) must not leave the connection reading on: reset it.
                .onFailure().invoke(cancellation::cancel)
                .onCancellation().invoke(cancellation::cancel);
    }

    private Uni<UpstreamResponse> followOrReturn(UpstreamRequest request, HttpMethod method, URI uri, Duration timeout,
            int hops, HttpResponse<Buffer> response) {
        String location = response.getHeader("Location");
        if (!REDIRECTS.contains(response.statusCode()) || location == null) {
            Buffer body = response.body();
            return Uni.createFrom().item(new UpstreamResponse(response.statusCode(), response.headers().getDelegate(),
                    body == null ? io.vertx.core.buffer.Buffer.buffer() : body.getDelegate()));
        }
        if (hops >= maxRedirects) {
            return Uni.createFrom().failure(new UpstreamFailure(new ItemError(ErrorKind.HTTP,
                    "stopped after " + maxRedirects + " redirects (last to " + location + ")", response.statusCode())));
        }
        URI next;
        try {
            next = uri.resolve(location);
            UpstreamRequest.requireHttpUrl("location", next.toString());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new UpstreamFailure(new ItemError(ErrorKind.INVALID,
                    "redirect to an unusable location '" + location + "'", response.statusCode())));
        }
        // 303, and 301/302 after a POST, continue as GET the way browsers do; 307/308 keep the method.
        boolean toGet = response.statusCode() == 303
                || (method == HttpMethod.POST && (response.statusCode() == 301 || response.statusCode() == 302));
        UpstreamRequest forwarded = sameOrigin(uri, next) ? request : withoutCredentials(request);
        return hop(forwarded, toGet ? HttpMethod.GET : method, next, timeout, hops + 1);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && UpstreamRequest.hostOf(a).equalsIgnoreCase(UpstreamRequest.hostOf(b))
                && UpstreamRequest.portOf(a) == UpstreamRequest.portOf(b);
    }

    /** Credentials meant for one origin never follow a redirect to another, as browsers and curl do. */
    private static UpstreamRequest withoutCredentials(UpstreamRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach((name, value) -> {
            if (!CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        return new UpstreamRequest(request.id(), request.url(), request.method(), headers, request.timeout(),
                request.select());
    }

    private static String format(Duration d) {
        return Durations.format(d);
    }
}
