package dev.updraft.bench.live;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Streams a server frame and keeps only type, topic, offset, error code and the publisher's timestamp.
 *
 * <p>The generator reads up to hundreds of thousands of frames a second on the same two cores as the
 * hub; binding every frame to a tree or a record would make it measure itself. Field order is not
 * assumed.
 */
final class FrameParser {

    /** Name of the payload field that carries the publish time, in epoch microseconds. */
    static final String SENT_FIELD = "t";

    /** Thread-safe and holds the symbol tables; one per process, not one per connection. */
    private static final JsonFactory FACTORY = new JsonFactory();

    void parse(byte[] json, Frame into) throws IOException {
        into.clear();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("frame is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> into.type = p.getValueAsString();
                    case "topic" -> into.topic = p.getValueAsString();
                    case "offset" -> into.offset = p.getValueAsLong(-1);
                    case "code" -> into.code = p.getValueAsString();
                    case "data" -> readData(p, value, into);
                    default -> p.skipChildren();
                }
            }
        }
    }

    private static void readData(JsonParser p, JsonToken value, Frame into) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (SENT_FIELD.equals(name)) {
                into.sentMicros = p.getValueAsLong(-1);
            } else {
                p.skipChildren();
            }
        }
    }
}
