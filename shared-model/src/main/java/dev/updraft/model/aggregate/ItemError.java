package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemError(ErrorKind kind, String message, Integer status) {

    public static ItemError of(ErrorKind kind, String message) {
        return new ItemError(kind, message, null);
    }
}
