package dev.updraft.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns Jackson's failures into a {@link FieldError} a user can act on; the single place where every
 * service (HTTP problem details and WebSocket error frames alike) learns which field was wrong.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static FieldError describe(Throwable failure) {
        InvalidFieldException invalid = findInvalidField(failure);
        if (!(failure instanceof JsonMappingException mapping)) {
            if (invalid != null) {
                return new FieldError(invalid.field(), invalid.getMessage());
            }
            if (failure instanceof JsonProcessingException json) {
                return new FieldError(null, "malformed JSON: " + json.getOriginalMessage());
            }
            return new FieldError(null, "malformed request: " + failure.getMessage());
        }
        String path = path(mapping);
        if (invalid != null) {
            return new FieldError(join(path, invalid.field()), invalid.getMessage());
        }
        if (mapping instanceof InvalidTypeIdException typeId) {
            String field = join(path, "type");
            return typeId.getTypeId() == null
                    ? new FieldError(field, "type is required")
                    : new FieldError(field, "unknown type '" + typeId.getTypeId() + "'");
        }
        if (mapping instanceof InvalidFormatException format) {
            return new FieldError(path, path + ": " + format.getOriginalMessage());
        }
        if (mapping instanceof ValueInstantiationException || mapping instanceof MismatchedInputException) {
            return new FieldError(path, (path == null ? "body" : path) + " has the wrong form: "
                    + firstLine(mapping.getOriginalMessage()));
        }
        return new FieldError(path, "malformed JSON: " + firstLine(mapping.getOriginalMessage()));
    }

    private static InvalidFieldException findInvalidField(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidFieldException ife) {
                return ife;
            }
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String join(String parent, String field) {
        return parent == null ? field : parent + "." + field;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
