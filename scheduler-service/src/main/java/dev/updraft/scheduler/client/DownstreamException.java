package dev.updraft.scheduler.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * A call to another service that did not give a usable answer. {@code status} is the HTTP status when there
 * was one; {@link #retryable()} tells whether repeating the call is safe and may help.
 */
public class DownstreamException extends RuntimeException {

    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(502, 503, 504);

    private final String service;
    private final Integer status;
    private final boolean connectFailure;

    public DownstreamException(String service, Integer status, String message, Throwable cause, boolean connectFailure) {
        super(message, cause);
        this.service = service;
        this.status = status;
        this.connectFailure = connectFailure;
    }

    public static DownstreamException httpStatus(String service, int status, String body) {
        String detail = body == null || body.isBlank() ? "" : ": " + abbreviate(body);
        return new DownstreamException(service, status, service + " answered HTTP " + status + detail, null, false);
    }

    /** Wraps any failure of a call, recognising the ones where no connection was made. */
    public static DownstreamException of(String service, Throwable failure) {
        if (failure instanceof DownstreamException known) {
            return known;
        }
        boolean connect = causedByConnectFailure(failure);
        String why = connect ? "cannot connect" : String.valueOf(failure.getMessage());
        return new DownstreamException(service, null, service + " call failed: " + why, failure, connect);
    }

    public String service() {
        return service;
    }

    public Integer status() {
        return status;
    }

    /** No connection was made, so the request was never received: safe to repeat even for POST. */
    public boolean connectFailure() {
        return connectFailure;
    }

    /** Safe to repeat for an idempotent call: nothing was received, or the service said it is temporarily unable. */
    public boolean retryable() {
        return connectFailure || (status != null && TRANSIENT_STATUSES.contains(status));
    }

    private static boolean causedByConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t.getClass().getName().equals("io.vertx.core.net.ConnectTimeoutException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
