package dev.updraft.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.time.Duration;

/**
 * Jackson binding of {@link Durations} so that every record field typed {@link Duration} reads and writes
 * {@code "2s"} with any ObjectMapper, not only one configured by a service.
 */
public final class DurationJson {

    private DurationJson() {
    }

    public static final class Serializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    public static final class Deserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw InvalidFormatException.from(p, "must be a duration string such as \"2s\"",
                        p.getText(), Duration.class);
            }
            String text = p.getText();
            try {
                return Durations.parse("value", text);
            } catch (InvalidFieldException e) {
                throw InvalidFormatException.from(p, "'" + text
                        + "' is not a duration: use e.g. 250ms, 2s, 1m, 1h or ISO-8601 PT2S", text, Duration.class);
            }
        }
    }
}
