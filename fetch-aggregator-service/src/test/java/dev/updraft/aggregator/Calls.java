package dev.updraft.aggregator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Small helpers shared by the aggregator's tests. */
public final class Calls {

    private Calls() {
    }

    public static Response aggregate(Object body) {
        return given()
                .contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/aggregate");
    }

    /** A port nothing listens on: bound and released at once. */
    public static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
