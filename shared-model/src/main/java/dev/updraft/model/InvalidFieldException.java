package dev.updraft.model;

/**
 * A value that breaks the wire contract, with the name of the offending field so that HTTP answers
 * (problem+json) and WebSocket error frames can tell the user exactly what to change.
 */
public class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same problem seen from an enclosing object: {@code requests[2]} + {@code url}. */
    public InvalidFieldException under(String parent) {
        return new InvalidFieldException(parent + "." + field, getMessage());
    }
}
