package dev.updraft.aggregator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed request is a 400 problem+json that names the field to fix; never a 500. */
@QuarkusTest
class BadInputTest {

    static Stream<Arguments> badBodies() {
        String many = "{\"requests\":[" + "{\"url\":\"http://example.com/\"},".repeat(256)
                + "{\"url\":\"http://example.com/\"}]}";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"requests\": [", null, "malformed JSON"),
                Arguments.of("no requests", "{}", "requests", "at least one request"),
                Arguments.of("empty requests", "{\"requests\":[]}", "requests", "at least one request"),
                Arguments.of("missing url", "{\"requests\":[{\"id\":\"a\"}]}", "requests[0].url", "url is required"),
                Arguments.of("bad scheme", "{\"requests\":[{\"url\":\"ftp://example.com/x\"}]}", "requests[0].url",
                        "must use http or https"),
                Arguments.of("no host", "{\"requests\":[{\"url\":\"http:///x\"}]}", "requests[0].url", "url"),
                Arguments.of("not a URL", "{\"requests\":[{\"url\":\"http://exa mple.com/\"}]}", "requests[0].url",
                        "not a valid URL"),
                Arguments.of("unknown method", "{\"requests\":[{\"url\":\"http://example.com/\",\"method\":\"BREW\"}]}",
                        "requests[0].method", "BREW"),
                Arguments.of("bad timeout", "{\"requests\":[{\"url\":\"http://example.com/\",\"timeout\":\"soon\"}]}",
                        "requests[0].timeout", "not a duration"),
                Arguments.of("zero timeout", "{\"requests\":[{\"url\":\"http://example.com/\",\"timeout\":\"0s\"}]}",
                        "requests[0].timeout", "greater than zero"),
                Arguments.of("bad deadline", "{\"requests\":[{\"url\":\"http://example.com/\"}],\"deadline\":\"5 parsecs\"}",
                        "deadline", "not a duration"),
                Arguments.of("deadline as number", "{\"requests\":[{\"url\":\"http://example.com/\"}],\"deadline\":5}",
                        "deadline", "duration"),
                Arguments.of("deadline too long", "{\"requests\":[{\"url\":\"http://example.com/\"}],\"deadline\":\"1h\"}",
                        "deadline", "longer than the allowed"),
                // too long to format in milliseconds: once a 500
                Arguments.of("deadline beyond long millis",
                        "{\"requests\":[{\"url\":\"http://example.com/\"}],\"deadline\":\"999999999999d\"}",
                        "deadline", "longer than the allowed 5m"),
                // once sent, failed as 'connect', retried and counted against the host's circuit breaker
                Arguments.of("header value with CR LF",
                        "{\"requests\":[{\"url\":\"http://example.com/\",\"headers\":{\"X-Test\":\"a\\r\\nX-Injected: b\"}}]}",
                        "requests[0].headers.X-Test", "control character"),
                Arguments.of("header name with a space",
                        "{\"requests\":[{\"url\":\"http://example.com/\",\"headers\":{\"X Test\":\"a\"}}]}",
                        "requests[0].headers.X Test", "not an HTTP token"),
                Arguments.of("port out of range", "{\"requests\":[{\"url\":\"http://example.com/\"},"
                        + "{\"url\":\"http://example.com:99999/\"}]}", "requests[1].url", "port 99999"),
                Arguments.of("duplicate id", "{\"requests\":[{\"id\":\"a\",\"url\":\"http://example.com/\"},"
                        + "{\"id\":\"a\",\"url\":\"http://example.com/\"}]}", "requests[1].id", "used twice"),
                Arguments.of("bad id", "{\"requests\":[{\"id\":\"no spaces\",\"url\":\"http://example.com/\"}]}",
                        "requests[0].id", "invalid"),
                Arguments.of("requests not a list", "{\"requests\":\"http://example.com/\"}", "requests", "wrong form"),
                Arguments.of("too many requests", many, "requests", "at most 256 requests"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsAProblemNamingTheField(String name, String body, String field, String detail) {
        var then = given()
                .contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/aggregate")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("instance", equalTo("/api/aggregate"))
                .body("detail", containsString(detail));
        if (field != null) {
            then.body("field", equalTo(field));
        }
    }

    @ParameterizedTest(name = "stream: {0}")
    @MethodSource("badBodies")
    void streamingEndpointRejectsTheSameWay(String name, String body, String field, String detail) {
        given()
                .contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/aggregate/stream")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    @org.junit.jupiter.api.Test
    void wrongContentTypeIsProblemJson() {
        given()
                .contentType(ContentType.TEXT)
                .body("requests=http://example.com/")
                .when().post("/api/aggregate")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415))
                .body("instance", equalTo("/api/aggregate"));
    }

    @org.junit.jupiter.api.Test
    void emptyBodyIsProblemJson() {
        given()
                .contentType(ContentType.JSON)
                .when().post("/api/aggregate")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("body is required"));
    }
}
