package dev.updraft.model;

/** What is wrong with a request body: the JSON path of the field (null for the whole body) and why. */
public record FieldError(String field, String message) {
}
