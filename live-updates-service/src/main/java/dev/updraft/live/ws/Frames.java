package dev.updraft.live.ws;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.updraft.live.engine.EventFrames;
import dev.updraft.model.FieldError;
import dev.updraft.model.JsonErrors;
import dev.updraft.model.live.ClientFrame;
import dev.updraft.model.live.ServerFrame;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads client frames and writes server frames with the application's ObjectMapper. */
@ApplicationScoped
public class Frames {

    private final ObjectMapper mapper;
    /**
     * Strict: a frame with anything after its object is malformed, not silently truncated, and an offset
     * such as {@code "since":1.5} is refused rather than truncated to 1.
     */
    private final ObjectReader frameReader;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
        this.frameReader = mapper.readerFor(ClientFrame.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** A frame the protocol cannot accept; {@code ref} is the frame's {@code id} when it could be read. */
    public static final class BadFrame extends Exception {
        private final String ref;

        BadFrame(String ref, String message) {
            super(message, null, false, false);
            this.ref = ref;
        }

        public String ref() {
            return ref;
        }
    }

    public ClientFrame read(String text) throws BadFrame {
        if (!isObject(text)) {
            throw new BadFrame(null, "a frame must be a JSON object with a \"type\", e.g. {\"type\":\"subscribe\","
                    + "\"topic\":\"chat.lobby\"}");
        }
        try {
            return frameReader.readValue(text);
        } catch (JacksonException | IllegalArgumentException e) {
            FieldError error = JsonErrors.describe(e);
            throw new BadFrame(idOf(text), error.message());
        }
    }

    public String write(ServerFrame frame) {
        return EventFrames.json(mapper, frame);
    }

    private static boolean isObject(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    /** Best effort, only on the error path: the {@code id} to echo even though the frame was rejected. */
    private String idOf(String text) {
        try {
            JsonNode id = mapper.readTree(text).get("id");
            return id != null && id.isValueNode() ? id.asText() : null;
        } catch (JacksonException | RuntimeException e) {
            return null;
        }
    }
}
