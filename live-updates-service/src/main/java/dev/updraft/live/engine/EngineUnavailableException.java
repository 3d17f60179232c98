package dev.updraft.live.engine;

/**
 * The engine's backing store (Redis) did not answer: the operation did not happen and may be retried.
 * HTTP answers it with 503, WebSocket with an {@code internal} error frame.
 */
public class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
