package dev.updraft.live.ws;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
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
import java.io.IOException;

/** Reads client frames and writes server frames with the application's ObjectMapper. */
@ApplicationScoped
public class Frames {

    private final ObjectMapper mapper;
    /** Strict: an offset such as {@code "since":1.5} is refused rather than truncated to 1. */
    private final ObjectReader frameReader;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
        this.frameReader = mapper.readerFor(ClientFrame.class).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
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
            return single(text);
        } catch (IOException | IllegalArgumentException e) {
            FieldError error = JsonErrors.describe(e);
            throw new BadFrame(idOf(text), error.message());
        }
    }

    /** A frame with anything after its object is malformed, not silently truncated to the object. */
    private ClientFrame single(String text) throws IOException, BadFrame {
        try (JsonParser parser = mapper.createParser(text)) {
            ClientFrame frame = frameReader.readValue(parser);
            if (parser.nextToken() != null) {
                throw new BadFrame(frame.id(), "a frame must be one JSON object; there is more after it");
            }
            return frame;
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
