package dev.updraft.bench.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FrameParserTest {

    private final FrameParser parser = new FrameParser();
    private final Frame frame = new Frame();

    private void parse(String json) throws IOException {
        parser.parse(json.getBytes(StandardCharsets.UTF_8), frame);
    }

    @Test
    void eventWithPublisherTimestamp() throws IOException {
        parse("{\"type\":\"event\",\"topic\":\"bench.a\",\"offset\":42,\"epoch\":\"e1\","
                + "\"ts\":\"2026-11-26T04:30:00.123Z\",\"from\":\"x\",\"data\":{\"n\":7,\"t\":1764131400123456}}");
        assertThat(frame.type).isEqualTo("event");
        assertThat(frame.topic).isEqualTo("bench.a");
        assertThat(frame.offset).isEqualTo(42);
        assertThat(frame.sentMicros).isEqualTo(1764131400123456L);
    }

    @Test
    void fieldOrderAndNestedValuesDoNotMatter() throws IOException {
        parse("{\"data\":{\"nested\":{\"t\":1},\"list\":[1,{\"t\":2}],\"t\":99},\"offset\":3,"
                + "\"extra\":[{\"offset\":77}],\"topic\":\"t\",\"type\":\"event\"}");
        assertThat(frame.offset).isEqualTo(3);
        assertThat(frame.sentMicros).isEqualTo(99);
    }

    @Test
    void eventWithoutTimestamp() throws IOException {
        parse("{\"type\":\"event\",\"topic\":\"t\",\"offset\":1,\"data\":\"hello\"}");
        assertThat(frame.sentMicros).isEqualTo(-1);
    }

    @Test
    void subscribedReplyAndErrorFrame() throws IOException {
        parse("{\"type\":\"subscribed\",\"topic\":\"t\",\"ref\":\"s\",\"offset\":57,\"epoch\":\"e\",\"recovered\":true}");
        assertThat(frame.type).isEqualTo("subscribed");
        assertThat(frame.offset).isEqualTo(57);
        parse("{\"type\":\"error\",\"ref\":\"4\",\"code\":\"rate_limited\",\"message\":\"slow down\"}");
        assertThat(frame.type).isEqualTo("error");
        assertThat(frame.code).isEqualTo("rate_limited");
        assertThat(frame.topic).isNull();
        assertThat(frame.offset).isEqualTo(-1);
    }

    @Test
    void whiteSpaceEscapesAndOtherValueKindsAreRead() throws IOException {
        parse(" {\n \"type\" : \"error\", \"ok\": true, \"n\": null, \"f\": -1.5e3,"
                + " \"message\": \"a \\\"quoted\\\" } ]\", \"code\": \"bad\\u0020req\\\\uest\\n\" }");
        assertThat(frame.type).isEqualTo("error");
        assertThat(frame.code).isEqualTo("bad req\\uest\n");
    }

    @Test
    void nonIntegralOffsetsAndTimestampsCountAsMissing() throws IOException {
        parse("{\"type\":\"event\",\"offset\":1.5,\"data\":{\"t\":\"soon\"}}");
        assertThat(frame.offset).isEqualTo(-1);
        assertThat(frame.sentMicros).isEqualTo(-1);
        parse("{\"type\":\"event\",\"offset\":-3}");
        assertThat(frame.offset).isEqualTo(-3);
    }

    @Test
    void truncatedFrameIsRejected() {
        assertThatThrownBy(() -> parse("{\"type\":\"event\",\"offset\":4")).isInstanceOf(IOException.class);
    }

    @Test
    void nonObjectIsRejected() {
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(IOException.class);
    }

    @Test
    void repeatedStringsAreReusedAndNewOnesStillRead() throws IOException {
        parse("{\"type\":\"event\",\"topic\":\"bench.a\",\"offset\":1}");
        String type = frame.type;
        String topic = frame.topic;
        parse("{\"type\":\"event\",\"topic\":\"bench.a\",\"offset\":2}");
        assertThat(frame.type).isSameAs(type);
        assertThat(frame.topic).isSameAs(topic);
        for (int i = 0; i < 20; i++) {
            parse("{\"type\":\"event\",\"topic\":\"other." + i + "\",\"offset\":3}");
            assertThat(frame.topic).isEqualTo("other." + i);
        }
        parse("{\"type\":\"event\",\"topic\":\"bench.ab\",\"offset\":4}");
        assertThat(frame.topic).isEqualTo("bench.ab");
        parse("{\"type\":\"subscribed\",\"topic\":\"bench.a\",\"offset\":5}");
        assertThat(frame.type).isEqualTo("subscribed");
        assertThat(frame.topic).isEqualTo("bench.a");
    }
}
