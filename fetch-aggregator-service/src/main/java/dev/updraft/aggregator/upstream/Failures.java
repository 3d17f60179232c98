package dev.updraft.aggregator.upstream;

import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Maps whatever the network stack threw to one of the error kinds of the Aggregator API. */
public final class Failures {

    private Failures() {
    }

    public static ItemError describe(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof UpstreamFailure typed) {
            return typed.error();
        }
        if (t instanceof UnknownHostException) {
            return ItemError.of(ErrorKind.DNS, "host not found: " + t.getMessage());
        }
        if (t instanceof TimeoutException) {
            return ItemError.of(ErrorKind.TIMEOUT, "no response in time: " + t.getMessage());
        }
        if (t instanceof ConnectException) {
            return ItemError.of(ErrorKind.CONNECT, "could not connect: " + t.getMessage());
        }
        if (t instanceof SSLException) {
            return ItemError.of(ErrorKind.CONNECT, "TLS handshake failed: " + t.getMessage());
        }
        if (t instanceof HttpClosedException || t instanceof ClosedChannelException || t instanceof IOException) {
            return ItemError.of(ErrorKind.CONNECT, "connection lost: " + message(t));
        }
        if (t instanceof IllegalArgumentException) {
            // the HTTP client refused to build the request (e.g. a redirect to port 99999): no network was
            // involved, so it is not a connect failure, must not be retried and says nothing about the host
            return ItemError.of(ErrorKind.INVALID, "the request could not be sent: " + message(t));
        }
        return ItemError.of(ErrorKind.CONNECT, "request failed: " + message(t));
    }

    /** Pipes and futures wrap the real cause; the typed failure or the first known network cause wins. */
    private static Throwable unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UpstreamFailure) {
                return c;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof TimeoutException || c instanceof ConnectException
                    || c instanceof SSLException || c instanceof IOException || c instanceof HttpClosedException) {
                return c;
            }
        }
        return t;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
