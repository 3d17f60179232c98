package dev.updraft.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.JsonErrors;
import dev.updraft.model.aggregate.AggregateRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader of the aggregate body must read exactly what Jackson's data binding reads (with the
 * service's own ObjectMapper), and fail exactly as it fails.
 */
@QuarkusTest
class AggregateRequestReaderTest {

    /** The documented form in its variations; the reader binds these without Jackson's data binding. */
    static final List<String> DOCUMENTED = List.of(
            "{\"requests\":[{\"url\":\"http://example.com/\"}]}",
            "  {\"requests\":[{\"url\":\"http://example.com/\"}]}\n  ",
            "{\"requests\":[{\"id\":\"a\",\"url\":\"http://h/x?q=1\",\"method\":\"get\",\"headers\":{\"Accept\":\"application/json\","
                    + "\"X-Trace\":\"\\u00e9t\\u00e9\"},\"timeout\":\"2s\",\"select\":[\"status\",\"/checks/0\"]},"
                    + "{\"url\":\"https://h:8443/y\",\"method\":\"POST\",\"headers\":{},\"select\":[],\"timeout\":\"PT0.5S\"},"
                    + "{\"id\":\"c\",\"url\":\"http://2130706433/\"}],\"deadline\":\"5s\",\"merge\":true}",
            "{\"merge\":false,\"deadline\":\"1m\",\"requests\":[{\"timeout\":\"250ms\",\"url\":\"http://h/\",\"id\":\"z\"}]}",
            "{\"requests\":[{\"id\":\"r0\",\"url\":\"http://127.0.0.1:1/slow/0?call=1\",\"method\":\"GET\",\"timeout\":\"5s\"},"
                    + "{\"id\":\"r1\",\"url\":\"http://127.0.0.1:1/slow/1?call=1\",\"method\":\"GET\",\"timeout\":\"5s\"}],"
                    + "\"deadline\":\"10s\"}");

    /** Valid, but in forms the reader leaves to Jackson's data binding: the answer must not change. */
    static final List<String> OTHER_VALID = List.of(
            "{\"requests\":[{\"url\":\"http://example.com/\",\"note\":{\"a\":[1,2]}}],\"trace\":true}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"id\":null,\"headers\":null,\"select\":null}],"
                    + "\"deadline\":null,\"merge\":null}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"id\":7}],\"merge\":\"true\"}",
            "{\"requests\":[{\"url\":\"http://a/\",\"url\":\"http://b/\"}],\"deadline\":\"1s\",\"deadline\":\"2s\"}",
            "{\"requests\":[{\"url\":\"http://example.com/\"}]} {\"trailing\":1}");

    /** Bad input of every kind, including each of {@code BadInputTest}'s bodies. */
    static final List<String> INVALID = List.of(
            "{\"requests\": [",
            "{}",
            "[]",
            "\"requests\"",
            "{\"requests\":[]}",
            "{\"requests\":[null]}",
            "{\"requests\":[{\"id\":\"a\"}]}",
            "{\"requests\":[{\"url\":\"ftp://example.com/x\"}]}",
            "{\"requests\":[{\"url\":\"http:///x\"}]}",
            "{\"requests\":[{\"url\":\"http://exa mple.com/\"}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"method\":\"BREW\"}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"timeout\":\"soon\"}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"timeout\":\"0s\"}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"timeout\":\"\"}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\"}],\"deadline\":\"5 parsecs\"}",
            "{\"requests\":[{\"url\":\"http://example.com/\"}],\"deadline\":5}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"headers\":{\"X-Test\":null}}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"headers\":[\"X-Test\"]}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"select\":[\"\"]}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"select\":[\"a\",null]}]}",
            "{\"requests\":[{\"url\":\"http://example.com/\",\"select\":\"status\"}]}",
            "{\"requests\":[{\"id\":\"a\",\"url\":\"http://example.com/\"},{\"id\":\"a\",\"url\":\"http://example.com/\"}]}",
            "{\"requests\":[{\"id\":\"no spaces\",\"url\":\"http://example.com/\"}]}",
            "{\"requests\":\"http://example.com/\"}",
            "{\"requests\":[{\"url\":\"http://example.com/\"}],\"merge\":[]}",
            "{\"requests\":[{\"url\":\"http://example.com/\"}]",
            "{\"requests\":[{\"url\":\"http://example.com/\"}],}");

    @Inject
    ObjectMapper mapper;

    @Test
    void theDocumentedFormIsBoundWithoutJacksonsDataBinding() throws Exception {
        AggregateRequestReader reader = new AggregateRequestReader(mapper);
        for (String body : DOCUMENTED) {
            AggregateRequest expected = mapper.readValue(body, AggregateRequest.class);
            assertThat(streamed(body)).as(body).isNotNull().isEqualTo(expected);
            assertThat(reader.read(bytes(body))).as(body).isEqualTo(expected);
        }
    }

    @Test
    void otherValidFormsReadAsJacksonReadsThem() throws Exception {
        AggregateRequestReader reader = new AggregateRequestReader(mapper);
        for (String body : OTHER_VALID) {
            assertThat(streamed(body)).as(body).isNull();
            assertThat(reader.read(bytes(body))).as(body).isEqualTo(mapper.readValue(body, AggregateRequest.class));
        }
    }

    @Test
    void badInputFailsAsJacksonFailsNamingTheSameField() {
        AggregateRequestReader reader = new AggregateRequestReader(mapper);
        for (String body : INVALID) {
            Throwable expected = catchThrowable(() -> mapper.readValue(body, AggregateRequest.class));
            Throwable actual = catchThrowable(() -> reader.read(bytes(body)));
            assertThat(expected).as(body).isNotNull();
            assertThat(actual).as(body).isInstanceOf(expected.getClass());
            assertThat(JsonErrors.describe(actual)).as(body).isEqualTo(JsonErrors.describe(expected));
        }
    }

    @Test
    void aBlankBodyIsNoEntity() throws Exception {
        AggregateRequestReader reader = new AggregateRequestReader(mapper);
        assertThat(reader.read(new byte[0])).isNull();
        assertThat(reader.read(bytes(" \n\t"))).isNull();
    }

    private AggregateRequest streamed(String body) throws Exception {
        try (JsonParser p = mapper.getFactory().createParser(bytes(body))) {
            p.nextToken();
            return AggregateRequestReader.streamed(p);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
