package dev.updraft.aggregator.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.UpstreamRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Reads the body of {@code POST /api/aggregate} straight from Jackson's token stream into the shared-model
 * records, through their own constructors (so the same checks run). Jackson's data binding of 100 request
 * records (a property buffer, a creator lookup and a reflective call per record) was about 15 % of the event
 * loops' CPU samples of a 100-request call, all of it before the first upstream request could leave.
 *
 * <p>Only the documented form is read here: each field once, with the JSON type the contract gives it.
 * Anything else (an unknown or repeated field, {@code null}, a number where a string belongs, a value the
 * records refuse, malformed JSON) goes to Jackson's data binding of the same bytes, so bad input fails
 * exactly as before (a 400 problem+json naming the field) and anything Jackson accepts is still accepted.
 * {@code AggregateRequestReaderTest} holds both readings equal.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class AggregateRequestReader implements ServerMessageBodyReader<AggregateRequest> {

    private final JsonFactory json;
    private final ObjectReader jackson;

    public AggregateRequestReader(ObjectMapper mapper) {
        this.json = mapper.getFactory();
        this.jackson = mapper.readerFor(AggregateRequest.class);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod,
            MediaType mediaType) {
        return type == AggregateRequest.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == AggregateRequest.class;
    }

    @Override
    public AggregateRequest readFrom(Class<AggregateRequest> type, Type genericType, MediaType mediaType,
            ServerRequestContext context) throws IOException {
        return read(context.getInputStream());
    }

    @Override
    public AggregateRequest readFrom(Class<AggregateRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream)
            throws IOException {
        return read(entityStream);
    }

    private AggregateRequest read(InputStream body) throws IOException {
        return read(body.readAllBytes());
    }

    /** Null for an empty (or blank) body, as Quarkus REST's Jackson reader gives. */
    AggregateRequest read(byte[] body) throws IOException {
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() == null) {
                return null;
            }
            AggregateRequest request = streamed(p);
            if (request != null) {
                return request;
            }
        } catch (IOException | InvalidFieldException e) {
            // malformed or refused: Jackson's binding below reports it with the path of the field
        }
        return jackson.readValue(body);
    }

    /**
     * The call from the parser's current token on, or null when the body takes a form left to Jackson's data
     * binding; an {@link InvalidFieldException} when a record refuses a value.
     */
    static AggregateRequest streamed(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        List<UpstreamRequest> requests = null;
        Duration deadline = null;
        Boolean merge = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "requests" -> {
                    if (requests != null || value != JsonToken.START_ARRAY || (requests = requests(p)) == null) {
                        return null;
                    }
                }
                case "deadline" -> {
                    if (deadline != null || (deadline = duration(p, value, "deadline")) == null) {
                        return null;
                    }
                }
                case "merge" -> {
                    if (merge != null || !value.isBoolean()) {
                        return null;
                    }
                    merge = value == JsonToken.VALUE_TRUE;
                }
                default -> {
                    return null;
                }
            }
        }
        // anything after the object: Jackson decides (by default it ignores trailing content)
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            return null;
        }
        return new AggregateRequest(requests, deadline, merge);
    }

    private static List<UpstreamRequest> requests(JsonParser p) throws IOException {
        List<UpstreamRequest> requests = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
            UpstreamRequest request = request(p);
            if (request == null) {
                return null;
            }
            requests.add(request);
        }
        return token == JsonToken.END_ARRAY ? requests : null;
    }

    private static UpstreamRequest request(JsonParser p) throws IOException {
        String id = null;
        String url = null;
        String method = null;
        Map<String, String> headers = null;
        Duration timeout = null;
        List<String> select = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> {
                    if (id != null || (id = text(p, value)) == null) {
                        return null;
                    }
                }
                case "url" -> {
                    if (url != null || (url = text(p, value)) == null) {
                        return null;
                    }
                }
                case "method" -> {
                    if (method != null || (method = text(p, value)) == null) {
                        return null;
                    }
                }
                case "timeout" -> {
                    if (timeout != null || (timeout = duration(p, value, "timeout")) == null) {
                        return null;
                    }
                }
                case "headers" -> {
                    if (headers != null || value != JsonToken.START_OBJECT || (headers = headers(p)) == null) {
                        return null;
                    }
                }
                case "select" -> {
                    if (select != null || value != JsonToken.START_ARRAY || (select = strings(p)) == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return p.currentToken() == JsonToken.END_OBJECT
                ? new UpstreamRequest(id, url, method, headers, timeout, select)
                : null;
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /** A duration string, parsed as the records' own binding does (a bad one names {@code field}); else null. */
    private static Duration duration(JsonParser p, JsonToken value, String field) throws IOException {
        String text = text(p, value);
        return text == null ? null : Durations.parse(field, text);
    }

    private static Map<String, String> headers(JsonParser p) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            if (p.nextToken() != JsonToken.VALUE_STRING || headers.put(name, p.getText()) != null) {
                return null;
            }
        }
        return p.currentToken() == JsonToken.END_OBJECT ? headers : null;
    }

    private static List<String> strings(JsonParser p) throws IOException {
        List<String> strings = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.VALUE_STRING) {
            strings.add(p.getText());
        }
        return token == JsonToken.END_ARRAY ? strings : null;
    }
}
