package dev.updraft.model.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.Names;

/** Frames a client sends on {@code /ws}; the JSON {@code type} property selects the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Subscribe.class, name = "subscribe"),
        @JsonSubTypes.Type(value = ClientFrame.Unsubscribe.class, name = "unsubscribe"),
        @JsonSubTypes.Type(value = ClientFrame.Publish.class, name = "publish"),
        @JsonSubTypes.Type(value = ClientFrame.PresenceQuery.class, name = "presence"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientFrame {

    /** The client's correlation id, echoed as {@code ref} in replies; may be null. */
    String id();

    String topic();

    /** Without {@code since}: live events only. With it: replay offsets greater than {@code since} first. */
    record Subscribe(String topic, Long since, String epoch, String id) implements ClientFrame {
        public Subscribe {
            Names.require("topic", topic);
            if (since != null && since < 0) {
                throw new InvalidFieldException("since", "since must be 0 or greater");
            }
        }
    }

    record Unsubscribe(String topic, String id) implements ClientFrame {
        public Unsubscribe {
            Names.require("topic", topic);
        }
    }

    record Publish(String topic, JsonNode data, String id) implements ClientFrame {
        public Publish {
            Names.require("topic", topic);
            Names.requirePresent("data", data);
        }
    }

    record PresenceQuery(String topic, String id) implements ClientFrame {
        public PresenceQuery {
            Names.require("topic", topic);
        }
    }
}
