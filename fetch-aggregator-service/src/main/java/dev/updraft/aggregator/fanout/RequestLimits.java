package dev.updraft.aggregator.fanout;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.upstream.TargetResolver;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.UpstreamRequest;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of an aggregation that depend on this service (its limits, what its HTTP client can send),
 * on top of the syntax checks of the shared model. Whatever fails here is the caller's input, so it must be
 * a 400 naming the field: were it left to the upstream call, it would come back as a {@code connect} error,
 * be retried and count against the host's circuit breaker, so one bad caller could open it for everyone.
 */
@Singleton
public class RequestLimits {

    /** RFC 9110 token. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Visible ASCII, space, tab and obs-text; no CR, LF or other control characters. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");

    private final AggregatorConfig.Limits limits;

    public RequestLimits(AggregatorConfig config) {
        this.limits = config.limits();
    }

    /** A call that passed the checks: the deadline it runs under and its requests, in request order. */
    public record Checked(Duration deadline, List<CheckedRequest> requests) {
    }

    /** Checks {@code request}; an {@link InvalidFieldException} names the first offending field. */
    public Checked check(AggregateRequest request) {
        int max = limits.maxRequests();
        if (request.requests().size() > max) {
            throw new InvalidFieldException("requests", "at most " + max + " requests per call, got "
                    + request.requests().size());
        }
        List<CheckedRequest> checked = new ArrayList<>(request.requests().size());
        for (int i = 0; i < request.requests().size(); i++) {
            checked.add(check(i, request.requests().get(i)));
        }
        Duration deadline = request.deadline() != null ? request.deadline() : limits.deadline();
        if (deadline.compareTo(limits.maxDeadline()) > 0) {
            // the caller's value is not echoed: it may be too large to format
            throw new InvalidFieldException("deadline", "deadline is longer than the allowed "
                    + Durations.format(limits.maxDeadline()));
        }
        return new Checked(deadline, List.copyOf(checked));
    }

    /**
     * The timeout of one upstream exchange. A timeout beyond the longest deadline can never fire, so it is
     * capped there; that also keeps it within what the HTTP client and timers accept in milliseconds.
     */
    public Duration timeoutOf(UpstreamRequest request) {
        Duration timeout = request.timeout() != null ? request.timeout() : limits.timeout();
        return timeout.compareTo(limits.maxDeadline()) > 0 ? limits.maxDeadline() : timeout;
    }

    private static CheckedRequest check(int index, UpstreamRequest request) {
        URI uri = URI.create(request.url());
        int explicitPort = UpstreamRequest.portOf(uri);
        if (explicitPort == 0 || explicitPort > 65_535) {
            throw new InvalidFieldException(path(index) + ".url", "url '" + request.url() + "' has port "
                    + explicitPort + "; ports go from 1 to 65535");
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                throw new InvalidFieldException(headerPath(index, header), "header name '" + header.getKey()
                        + "' is not an HTTP token: use letters, digits and !#$%&'*+.^_`|~-");
            }
            if (!HEADER_VALUE.matcher(header.getValue()).matches()) {
                throw new InvalidFieldException(headerPath(index, header), "header " + header.getKey()
                        + " holds a control character (CR, LF, ...) or a character beyond U+00FF");
            }
        }
        return new CheckedRequest(request, uri,
                UpstreamRequest.hostOf(uri).toLowerCase(Locale.ROOT) + ":" + TargetResolver.portOf(uri));
    }

    private static String path(int index) {
        return "requests[" + index + "]";
    }

    private static String headerPath(int index, Map.Entry<String, String> header) {
        return path(index) + ".headers." + header.getKey();
    }
}
