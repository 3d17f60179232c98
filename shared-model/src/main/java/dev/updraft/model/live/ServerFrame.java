package dev.updraft.model.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Frames the server sends on {@code /ws}; the JSON {@code type} property selects the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Subscribed.class, name = "subscribed"),
        @JsonSubTypes.Type(value = ServerFrame.Event.class, name = "event"),
        @JsonSubTypes.Type(value = ServerFrame.Unsubscribed.class, name = "unsubscribed"),
        @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerFrame.Join.class, name = "join"),
        @JsonSubTypes.Type(value = ServerFrame.Leave.class, name = "leave"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame {

    /**
     * Reply to a subscribe. {@code offset} is the topic's last offset at subscription time; {@code recovered}
     * is false when a requested replay range was no longer in history or the epoch differed.
     */
    record Subscribed(String topic, String ref, long offset, String epoch, Boolean recovered) implements ServerFrame {
    }

    /** One published event; also the element of HTTP event pages and the payload of SSE messages. */
    record Event(String topic, long offset, String epoch, Instant ts, String from, JsonNode data) implements ServerFrame {
    }

    record Unsubscribed(String topic, String ref) implements ServerFrame {
    }

    record Ack(String ref, String topic, long offset) implements ServerFrame {
    }

    record Presence(String ref, String topic, List<Member> members) implements ServerFrame {
    }

    record Join(String topic, Member member) implements ServerFrame {
    }

    record Leave(String topic, Member member) implements ServerFrame {
    }

    record Error(String ref, ErrorCode code, String message) implements ServerFrame {
    }
}
