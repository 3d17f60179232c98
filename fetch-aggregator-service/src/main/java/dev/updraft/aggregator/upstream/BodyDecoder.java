package dev.updraft.aggregator.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.model.aggregate.ErrorKind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns raw body bytes into the {@code body} of an item: parsed JSON, text, or base64, plus its sha256.
 * Parsing and hashing cost CPU in proportion to the body, so large bodies go to a worker thread.
 */
@Singleton
public class BodyDecoder {

    public record Decoded(JsonNode body, String encoding, String sha256) {
    }

    /** Never used itself, only cloned. */
    private static final MessageDigest SHA_256 = sha256Prototype();

    /** Strict: a JSON value followed by anything else is not a JSON body. */
    private final ObjectReader jsonReader;
    private final Vertx vertx;
    private final int offloadThreshold;

    public BodyDecoder(ObjectMapper mapper, Vertx vertx, AggregatorConfig config) {
        this.jsonReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.vertx = vertx;
        this.offloadThreshold = config.cpu().offloadThresholdBytes();
    }

    public Uni<Decoded> decode(String contentType, Buffer body) {
        if (body.length() <= offloadThreshold) {
            return Uni.createFrom().item(() -> decodeNow(contentType, body));
        }
        // ordered=false: bodies of one call are independent, so they may be decoded in parallel.
        return vertx.executeBlocking(() -> decodeNow(contentType, body), false);
    }

    Decoded decodeNow(String contentType, Buffer body) {
        byte[] bytes = body.getBytes();
        String sha256 = sha256(bytes);
        if (bytes.length == 0) {
            return new Decoded(null, null, sha256);
        }
        String type = mediaType(contentType);
        if (isJson(type)) {
            return new Decoded(parseJson(bytes), null, sha256);
        }
        if (isText(type)) {
            return new Decoded(TextNode.valueOf(new String(bytes, charset(contentType))), null, sha256);
        }
        return new Decoded(TextNode.valueOf(Base64.getEncoder().encodeToString(bytes)), "base64", sha256);
    }

    private JsonNode parseJson(byte[] bytes) {
        try {
            return jsonReader.readTree(bytes);
        } catch (IOException e) {
            throw new UpstreamFailure(ErrorKind.INVALID,
                    "body is not valid JSON although the content type says so: " + firstLine(e.getMessage()));
        }
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String type) {
        return type.equals("application/json") || type.endsWith("+json");
    }

    static boolean isText(String type) {
        return type.startsWith("text/") || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/javascript") || type.equals("application/x-www-form-urlencoded");
    }

    private static Charset charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static String sha256(byte[] bytes) {
        try {
            // a clone of a prototype skips the provider look-up of getInstance, once per item
            return HexFormat.of().formatHex(((MessageDigest) SHA_256.clone()).digest(bytes));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 digest is cloneable", e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
