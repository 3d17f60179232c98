package dev.updraft.live.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Encodes event frames by hand so each event is serialized once, with the per-event JSON (sender and data)
 * rendered before the topic's lock is taken. The result equals Jackson's rendering of
 * {@link dev.updraft.model.live.ServerFrame.Event}; topic and epoch need no escaping (their alphabets are
 * {@code [A-Za-z0-9._:-]}).
 */
public final class EventFrames {

    private EventFrames() {
    }

    public static String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String event(String topic, long offset, String epoch, Instant ts, String fromJson, String dataJson) {
        return new StringBuilder(96 + topic.length() + fromJson.length() + dataJson.length())
                .append("{\"type\":\"event\",\"topic\":\"").append(topic)
                .append("\",\"offset\":").append(offset)
                .append(",\"epoch\":\"").append(epoch)
                .append("\",\"ts\":\"").append(ts)
                .append("\",\"from\":").append(fromJson)
                .append(",\"data\":").append(dataJson)
                .append('}')
                .toString();
    }
}
