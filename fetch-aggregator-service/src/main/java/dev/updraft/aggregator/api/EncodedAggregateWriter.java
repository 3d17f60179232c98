package dev.updraft.aggregator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.aggregator.fanout.EncodedAggregate;
import dev.updraft.model.aggregate.AggregateResult;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link EncodedAggregate} as its {@link AggregateResult}, byte for byte what Jackson would write
 * for the record (fields in declaration order, {@code merged} only when set), with the items' JSON copied
 * as it was encoded. {@code EncodedAggregateWriterTest} holds the two outputs equal.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class EncodedAggregateWriter implements MessageBodyWriter<EncodedAggregate> {

    private static final byte[] RESULTS = ",\"results\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MERGED = "],\"merged\":".getBytes(StandardCharsets.US_ASCII);

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

    static void write(ObjectMapper mapper, EncodedAggregate aggregate, OutputStream out) throws IOException {
        AggregateResult result = aggregate.result();
        out.write(("{\"completed\":" + result.completed() + ",\"elapsedMs\":" + result.elapsedMs())
                .getBytes(StandardCharsets.US_ASCII));
        out.write(RESULTS);
        for (int i = 0; i < aggregate.encodedResults().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(aggregate.encodedResults().get(i));
        }
        if (result.merged() != null) {
            out.write(MERGED);
            out.write(mapper.writeValueAsBytes(result.merged()));
            out.write('}');
        } else {
            out.write(']');
            out.write('}');
        }
    }
}
