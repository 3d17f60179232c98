package dev.updraft.aggregator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.aggregator.fanout.EncodedAggregate;
import dev.updraft.model.aggregate.AggregateResult;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an {@link EncodedAggregate} as its {@link AggregateResult}, byte for byte what Jackson would write
 * for the record (fields in declaration order, {@code merged} only when set), with the items' JSON copied
 * as it was encoded. {@code EncodedAggregateWriterTest} holds the two outputs equal.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class EncodedAggregateWriter implements MessageBodyWriter<EncodedAggregate> {

    private static final byte[] RESULTS = ",\"results\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MERGED = ",\"merged\":".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;

    public EncodedAggregateWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == EncodedAggregate.class;
    }

    @Override
    public void writeTo(EncodedAggregate aggregate, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream out) throws IOException {
        write(mapper, aggregate, out);
    }

    /**
     * The answer goes to the output stream in one write: every write into Quarkus REST's output stream has a
     * cost of its own, and a 100-item answer was 200 of them.
     */
    static void write(ObjectMapper mapper, EncodedAggregate aggregate, OutputStream out) throws IOException {
        AggregateResult result = aggregate.result();
        List<byte[]> items = aggregate.encodedResults();
        int size = 64;
        for (byte[] item : items) {
            size += item.length + 1;
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream(size);
        answer.writeBytes(("{\"completed\":" + result.completed() + ",\"elapsedMs\":" + result.elapsedMs())
                .getBytes(StandardCharsets.US_ASCII));
        answer.writeBytes(RESULTS);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                answer.write(',');
            }
            answer.writeBytes(items.get(i));
        }
        answer.write(']');
        if (result.merged() != null) {
            answer.writeBytes(MERGED);
            answer.writeBytes(mapper.writeValueAsBytes(result.merged()));
        }
        answer.write('}');
        answer.writeTo(out);
    }
}
