package dev.updraft.aggregator.upstream;

import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;

/** A failure already typed with the error kind the caller will see; no stack trace, it is not a bug. */
public class UpstreamFailure extends RuntimeException {

    private final transient ItemError error;

    public UpstreamFailure(ItemError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public UpstreamFailure(ErrorKind kind, String message) {
        this(ItemError.of(kind, message));
    }

    public ItemError error() {
        return error;
    }

    public ErrorKind kind() {
        return error.kind();
    }
}
