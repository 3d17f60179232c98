package dev.updraft.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.live.ClientFrame;
import dev.updraft.model.live.ErrorCode;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.ServerFrame;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFramesTest {

    private final ObjectMapper json = ModelJson.newMapper();

    @Test
    void readsEveryClientFrameByType() throws Exception {
        assertThat(json.readValue("{\"type\":\"subscribe\",\"topic\":\"chat.lobby\",\"since\":41,\"epoch\":\"e1\",\"id\":\"2\"}",
                ClientFrame.class)).isEqualTo(new ClientFrame.Subscribe("chat.lobby", 41L, "e1", "2"));
        assertThat(json.readValue("{\"type\":\"unsubscribe\",\"topic\":\"chat.lobby\",\"id\":\"3\"}", ClientFrame.class))
                .isEqualTo(new ClientFrame.Unsubscribe("chat.lobby", "3"));
        ClientFrame publish = json.readValue(
                "{\"type\":\"publish\",\"topic\":\"chat.lobby\",\"data\":{\"text\":\"hi\"},\"id\":\"4\"}", ClientFrame.class);
        assertThat(publish).isInstanceOf(ClientFrame.Publish.class);
        assertThat(((ClientFrame.Publish) publish).data().get("text").asText()).isEqualTo("hi");
        assertThat(json.readValue("{\"type\":\"presence\",\"topic\":\"chat.lobby\",\"id\":\"5\"}", ClientFrame.class))
                .isEqualTo(new ClientFrame.PresenceQuery("chat.lobby", "5"));
    }

    @Test
    void writesServerFramesAsDesigned() throws Exception {
        JsonNode event = tree(new ServerFrame.Event("chat.lobby", 42, "e1",
                Instant.parse("2026-11-26T04:30:00.123Z"), "alice", json.readTree("{\"text\":\"hi\"}")));
        assertThat(event).isEqualTo(json.readTree("{\"type\":\"event\",\"topic\":\"chat.lobby\",\"offset\":42,"
                + "\"epoch\":\"e1\",\"ts\":\"2026-11-26T04:30:00.123Z\",\"from\":\"alice\",\"data\":{\"text\":\"hi\"}}"));
        assertThat(tree(new ServerFrame.Error("4", ErrorCode.BAD_REQUEST, "topic name is invalid")))
                .isEqualTo(json.readTree("{\"type\":\"error\",\"ref\":\"4\",\"code\":\"bad_request\","
                        + "\"message\":\"topic name is invalid\"}"));
        assertThat(tree(new ServerFrame.Subscribed("t", null, 57, "e1", true)))
                .isEqualTo(json.readTree("{\"type\":\"subscribed\",\"topic\":\"t\",\"offset\":57,\"epoch\":\"e1\","
                        + "\"recovered\":true}"));
    }

    @Test
    void serverFramesRoundTrip() throws Exception {
        List<ServerFrame> frames = List.of(
                new ServerFrame.Ack("4", "t", 58),
                new ServerFrame.Unsubscribed("t", "3"),
                new ServerFrame.Presence("5", "t", List.of(new Member("c-17", "alice"))),
                new ServerFrame.Join("t", new Member("c-18", "bob")),
                new ServerFrame.Leave("t", new Member("c-18", "bob")));
        for (ServerFrame f : frames) {
            assertThat(json.readValue(json.writeValueAsString(f), ServerFrame.class)).isEqualTo(f);
        }
    }

    @Test
    void rejectsUnknownTypeMissingTypeAndBadTopics() {
        assertThat(describe("{\"type\":\"dance\",\"topic\":\"t\"}")).isEqualTo(new FieldError("type", "unknown type 'dance'"));
        assertThat(describe("{\"topic\":\"t\"}")).isEqualTo(new FieldError("type", "type is required"));
        FieldError badTopic = describe("{\"type\":\"subscribe\",\"topic\":\"-bad topic\"}");
        assertThat(badTopic.field()).isEqualTo("topic");
        assertThat(badTopic.message()).contains("is invalid");
        assertThat(describe("{\"type\":\"subscribe\"}")).isEqualTo(new FieldError("topic", "topic is required"));
        assertThat(describe("{\"type\":\"publish\",\"topic\":\"t\"}")).isEqualTo(new FieldError("data", "data is required"));
        assertThat(describe("{\"type\":\"subscribe\",\"topic\":\"t\",\"since\":-1}").field()).isEqualTo("since");
        assertThat(describe("{not json").message()).startsWith("malformed JSON");
    }

    @Test
    void topicNamesFollowThePattern() {
        assertThat(Names.isValid("chat.lobby")).isTrue();
        assertThat(Names.isValid("a:b_c-d.e")).isTrue();
        assertThat(Names.isValid("a".repeat(128))).isTrue();
        assertThat(Names.isValid("a".repeat(129))).isFalse();
        assertThat(Names.isValid(".hidden")).isFalse();
        assertThat(Names.isValid("has space")).isFalse();
        assertThat(Names.isValid("")).isFalse();
        assertThatThrownBy(() -> new ClientFrame.Unsubscribe("bad/topic", "1")).isInstanceOf(InvalidFieldException.class);
    }

    private JsonNode tree(Object value) throws Exception {
        return json.readTree(json.writeValueAsString(value));
    }

    private FieldError describe(String frame) {
        try {
            json.readValue(frame, ClientFrame.class);
        } catch (Exception e) {
            return JsonErrors.describe(e);
        }
        throw new AssertionError("accepted " + frame);
    }
}
