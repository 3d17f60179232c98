package dev.updraft.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateModelTest {

    private final ObjectMapper json = ModelJson.newMapper();

    @Test
    void readsTheDesignExample() throws Exception {
        AggregateRequest req = json.readValue("""
                {"requests":[{"id":"a","url":"http://host/x","method":"get","headers":{"Accept":"application/json"},"timeout":"2s"},
                             {"url":"https://other/y"}],
                 "deadline":"5s","merge":false}""", AggregateRequest.class);
        assertThat(req.requests()).hasSize(2);
        assertThat(req.requests().get(0).method()).isEqualTo("GET");
        assertThat(req.requests().get(0).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(req.requests().get(1).id()).isEqualTo("1");
        assertThat(req.requests().get(1).method()).isEqualTo("GET");
        assertThat(req.deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(json.readValue(json.writeValueAsString(req), AggregateRequest.class)).isEqualTo(req);
    }

    @Test
    void selectKeepsFieldNamesAndJsonPointersAndRejectsBadPointers() throws Exception {
        AggregateRequest req = json.readValue("""
                {"requests":[{"url":"http://host/x","select":["/checks/0/status"]},
                             {"url":"http://host/y","select":["status","name"]},
                             {"url":"http://host/z"}]}""", AggregateRequest.class);
        assertThat(req.requests().get(0).select()).containsExactly("/checks/0/status");
        assertThat(req.requests().get(1).select()).containsExactly("status", "name");
        assertThat(req.requests().get(2).select()).isNull();
        assertThat(json.readValue(json.writeValueAsString(req), AggregateRequest.class)).isEqualTo(req);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.readValue(
                        "{\"requests\":[{\"url\":\"http://h/\",\"select\":[\" \"]}]}", AggregateRequest.class))
                .satisfies(e -> assertThat(JsonErrors.describe(e).field()).isEqualTo("requests[0].select[0]"));
    }

    @Test
    void numericHostsThatUriCannotNameAreStillHosts() throws Exception {
        java.net.URI uri = dev.updraft.model.aggregate.UpstreamRequest.requireHttpUrl("url", "http://0x7f.1:8080/x");
        assertThat(dev.updraft.model.aggregate.UpstreamRequest.hostOf(uri)).isEqualTo("0x7f.1");
        assertThat(dev.updraft.model.aggregate.UpstreamRequest.portOf(uri)).isEqualTo(8080);
        java.net.URI decimal = dev.updraft.model.aggregate.UpstreamRequest.requireHttpUrl("url", "http://2130706433/");
        assertThat(dev.updraft.model.aggregate.UpstreamRequest.hostOf(decimal)).isEqualTo("2130706433");
        assertThat(dev.updraft.model.aggregate.UpstreamRequest.portOf(decimal)).isEqualTo(-1);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> dev.updraft.model.aggregate.UpstreamRequest.requireHttpUrl("url", "http:///x"))
                .hasMessageContaining("has no host");
    }

    @Test
    void writesResultsWithErrorKinds() throws Exception {
        AggregateResult result = new AggregateResult(false, 53, List.of(
                new ItemResult("a", "http://h/x", 200, 51L, "application/json", 123L, json.readTree("{\"ok\":1}"),
                        null, "ab", null),
                new ItemResult("b", "http://h/y", null, null, null, null, null, null, null,
                        ItemError.of(ErrorKind.TIMEOUT, "no response within 2s"))), null);
        assertThat(json.readTree(json.writeValueAsString(result))).isEqualTo(json.readTree("""
                {"completed":false,"elapsedMs":53,"results":[
                 {"id":"a","url":"http://h/x","status":200,"latencyMs":51,"contentType":"application/json","bytes":123,
                  "body":{"ok":1},"sha256":"ab"},
                 {"id":"b","url":"http://h/y","error":{"kind":"timeout","message":"no response within 2s"}}]}"""));
        assertThat(json.readValue(json.writeValueAsString(result), AggregateResult.class)).isEqualTo(result);
    }

    @Test
    void namesTheOffendingField() {
        assertThat(describe("{\"requests\":[{\"url\":\"http://a/\"},{\"url\":\"ftp://b/\"}]}"))
                .satisfies(e -> assertThat(e.field()).isEqualTo("requests[1].url"))
                .satisfies(e -> assertThat(e.message()).contains("http or https"));
        assertThat(describe("{\"requests\":[{\"id\":\"a\"}]}").field()).isEqualTo("requests[0].url");
        assertThat(describe("{\"requests\":[{\"url\":\"http://a/\",\"method\":\"BREW\"}]}").field())
                .isEqualTo("requests[0].method");
        assertThat(describe("{\"requests\":[{\"url\":\"http://a/\",\"timeout\":\"soon\"}]}").field())
                .isEqualTo("requests[0].timeout");
        assertThat(describe("{\"requests\":[{\"url\":\"http://a/\"}],\"deadline\":\"-5s\"}").field()).isEqualTo("deadline");
        assertThat(describe("{\"requests\":[]}").field()).isEqualTo("requests");
        assertThat(describe("{}").field()).isEqualTo("requests");
        assertThat(describe("{\"requests\":[{\"id\":\"x\",\"url\":\"http://a/\"},{\"id\":\"x\",\"url\":\"http://b/\"}]}")
                .field()).isEqualTo("requests[1].id");
        assertThat(describe("{\"requests\":[{\"url\":\"http://a b/\"}]}").field()).isEqualTo("requests[0].url");
        assertThat(describe("{\"requests\":[{\"url\":\"http://a/\",\"headers\":{\"X-A\":null}}]}"))
                .isEqualTo(new FieldError("requests[0].headers.X-A", "header 'X-A' needs a string value"));
        assertThat(describe("{\"requests\":[{\"url\":\"http:///nohost\"}]}").field()).isEqualTo("requests[0].url");
    }

    private FieldError describe(String body) {
        try {
            json.readValue(body, AggregateRequest.class);
        } catch (Exception e) {
            return JsonErrors.describe(e);
        }
        throw new AssertionError("accepted " + body);
    }
}
