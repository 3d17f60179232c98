package dev.updraft.deploy.render;

/** Rendering failed; the message says which file and what to do. */
public class RenderException extends RuntimeException {

    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
