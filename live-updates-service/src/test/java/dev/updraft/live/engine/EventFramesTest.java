package dev.updraft.live.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.ModelJson;
import dev.updraft.model.live.ServerFrame;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hand-written event frame is exactly what Jackson would write for {@link ServerFrame.Event}. */
class EventFramesTest {

    private final ObjectMapper json = ModelJson.newMapper();

    @Test
    void matchesJacksonIncludingEscapedSenderAndNestedData() throws Exception {
        String from = "al\"ice\\ \u00e9\u2028";
        JsonNode data = json.readTree("{\"text\":\"line\\nbreak\",\"n\":[1,2.5,null,true]}");
        Instant ts = Instant.parse("2026-11-26T04:30:00.120Z");
        String frame = EventFrames.event("chat.lobby", 42, "e1", ts, EventFrames.json(json, from),
                EventFrames.json(json, data));
        ServerFrame.Event expected = new ServerFrame.Event("chat.lobby", 42, "e1", ts, from, data);
        assertThat(json.readTree(frame)).isEqualTo(json.readTree(json.writeValueAsString(expected)));
        assertThat(json.readValue(frame, ServerFrame.class)).isEqualTo(expected);
    }
}
