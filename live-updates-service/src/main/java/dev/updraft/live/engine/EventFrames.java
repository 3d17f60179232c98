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

    /** Between the offset and the epoch's value. */
    public static final String EPOCH_FIELD = ",\"epoch\":\"";

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
        String tail = tail(ts, fromJson, dataJson);
        return new StringBuilder(64 + topic.length() + tail.length())
                .append(head(topic))
                .append(offset)
                .append(EPOCH_FIELD).append(epoch)
                .append(tail)
                .toString();
    }

    /**
     * The frame up to its offset's value. With {@link #EPOCH_FIELD} and {@link #tail} it makes the whole frame:
     * the Redis engine joins the parts in Lua, where the offset and epoch are assigned.
     */
    public static String head(String topic) {
        return "{\"type\":\"event\",\"topic\":\"" + topic + "\",\"offset\":";
    }

    /** The frame after the epoch's value. */
    public static String tail(Instant ts, String fromJson, String dataJson) {
        return new StringBuilder(48 + fromJson.length() + dataJson.length())
                .append("\",\"ts\":\"").append(ts)
                .append("\",\"from\":").append(fromJson)
                .append(",\"data\":").append(dataJson)
                .append('}')
                .toString();
    }
}
