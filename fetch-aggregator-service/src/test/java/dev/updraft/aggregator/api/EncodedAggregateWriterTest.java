package dev.updraft.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.updraft.aggregator.fanout.EncodedAggregate;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-encoded answer must be the very JSON that Jackson writes for the shared-model record. */
@QuarkusTest
class EncodedAggregateWriterTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void writesTheBytesJacksonWritesForTheRecord() throws Exception {
        ItemResult json = new ItemResult("a", "http://127.0.0.1:1/a?x=1&y=\"2\"", 200, 51L, "application/json", 30L,
                mapper.readTree("{\"ok\":true,\"n\":[1,2.5,null],\"s\":\"\\u2028\"}"), null, "ab12", null);
        ItemResult text = new ItemResult("b", "http://127.0.0.1:1/b", 200, 3L, "text/plain; charset=utf-8", 9L,
                TextNode.valueOf("é ✓ \"quoted\"\n"), null, "cd34", null);
        ItemResult failed = ItemResult.failed(UpstreamRequest.get("c", "http://127.0.0.1:1/c"), 7L,
                new ItemError(ErrorKind.HTTP, "upstream answered 503", 503));
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.set("a", json.body());
        merged.set("b", text.body());

        for (AggregateResult result : List.of(
                new AggregateResult(false, 53, List.of(json, text, failed), null),
                new AggregateResult(true, 0, List.of(json, text), merged),
                new AggregateResult(false, 12, List.of(failed), JsonNodeFactory.instance.objectNode()))) {
            assertThat(written(result)).isEqualTo(mapper.writeValueAsString(result));
        }
    }

    private String written(AggregateResult result) throws Exception {
        ObjectWriter itemWriter = mapper.writerFor(ItemResult.class);
        List<byte[]> encoded = new ArrayList<>();
        for (ItemResult item : result.results()) {
            encoded.add(itemWriter.writeValueAsBytes(item));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodedAggregateWriter.write(mapper, new EncodedAggregate(result, encoded), out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
