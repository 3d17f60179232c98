package dev.updraft.aggregator.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each item's JSON must be byte for byte what Jackson's data binding writes for the record. */
@QuarkusTest
class ItemEncoderTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void writesTheBytesJacksonWritesForTheRecord() throws Exception {
        UpstreamRequest request = UpstreamRequest.get("c", "http://127.0.0.1:1/c?q=%221%22&r=1");
        List<ItemResult> results = List.of(
                new ItemResult("a", "http://127.0.0.1:1/a", 200, 51L, "application/json", 30L,
                        mapper.readTree("{\"ok\":true,\"n\":[1,2.5,null,-7e300],\"s\":\"\\u2028\\u0000\",\"o\":{}}"),
                        null, "ab12", null),
                new ItemResult("b", "http://127.0.0.1:1/b", 200, 0L, "text/plain; charset=utf-8", 9L,
                        TextNode.valueOf("\u00e9 \u2713 \"quoted\"\n\t"), null, "cd34", null),
                new ItemResult("bin", "http://127.0.0.1:1/bin", 200, 2L, "image/png", 3L,
                        TextNode.valueOf("AAEC"), "base64", "ef56", null),
                new ItemResult("n", "http://127.0.0.1:1/n", 204, 1L, null, 0L, null, null, "e3b0", null),
                new ItemResult("nn", "http://127.0.0.1:1/nn", 200, 1L, "application/json", 4L, NullNode.getInstance(),
                        null, "74234e98", null),
                new ItemResult("h", "http://127.0.0.1:1/h", 503, 12L, "application/json", 2L,
                        mapper.readTree("{}"), null, "44136f", new ItemError(ErrorKind.HTTP, "upstream answered 503", 503)),
                ItemResult.failed(request, 7L, ItemError.of(ErrorKind.TOO_LARGE, "body exceeds 4 bytes")),
                ItemResult.failed(request, Long.MAX_VALUE, ItemError.of(ErrorKind.DEADLINE, "late")),
                new ItemResult("q", "http://h/\"\u00e9\"\\", 200, 1L, "text/plain", 1L, TextNode.valueOf(""), null, "0",
                        null),
                new ItemResult(null, null, null, null, null, null, null, null, null, null));
        ItemEncoder encoder = new ItemEncoder(mapper);
        for (ItemResult result : results) {
            assertThat(new String(encoder.encode(result), StandardCharsets.UTF_8)).as(result.id())
                    .isEqualTo(mapper.writerFor(ItemResult.class).writeValueAsString(result));
        }
    }
}
