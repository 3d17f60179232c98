package dev.updraft.bench.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Scans a server frame and keeps only type, topic, offset, error code and the publisher's timestamp
 * ({@code data.t}); every other value is skipped without being decoded. Field order is not assumed.
 *
 * <p>The generator reads up to a million frames a second on the same two cores as the hub. Jackson's streaming
 * parser took 60 % of the generator's CPU there (a parser, a symbol lookup and a string per field), CPU the
 * hub under test could not use; this scanner allocates nothing for the frames it has seen before: the type
 * and topic strings are reused when their bytes repeat, so the trackers' map lookups hash nothing either.
 * Not thread-safe: one per connection.
 */
final class FrameParser {

    private static final byte[] TYPE = ascii("type");
    private static final byte[] TOPIC = ascii("topic");
    private static final byte[] OFFSET = ascii("offset");
    private static final byte[] CODE = ascii("code");
    private static final byte[] DATA = ascii("data");
    /** Name of the payload field that carries the publish time, in epoch microseconds. */
    private static final byte[] SENT = ascii("t");

    /** Recently read strings, reused while their bytes repeat: a connection sees few distinct types and topics. */
    private final byte[][] recentBytes = new byte[8][];
    private final String[] recentStrings = new String[8];
    private int recentNext;

    private byte[] json;
    private int at;
    private int keyStart;
    private int keyEnd;

    void parse(byte[] frame, Frame into) throws IOException {
        into.clear();
        json = frame;
        at = 0;
        try {
            if (nextToken() != '{') {
                throw new IOException("frame is not a JSON object");
            }
            at++;
            while (readKey()) {
                if (isKey(TYPE)) {
                    into.type = readString();
                } else if (isKey(TOPIC)) {
                    into.topic = readString();
                } else if (isKey(CODE)) {
                    into.code = readString();
                } else if (isKey(OFFSET)) {
                    into.offset = readLong();
                } else if (isKey(DATA) && nextToken() == '{') {
                    at++;
                    readData(into);
                } else {
                    skipValue();
                }
            }
        } catch (ArrayIndexOutOfBoundsException truncated) {
            throw new IOException("truncated frame", truncated);
        }
    }

    private void readData(Frame into) throws IOException {
        while (readKey()) {
            if (isKey(SENT)) {
                into.sentMicros = readLong();
            } else {
                skipValue();
            }
        }
    }

    /**
     * Positions on the next key of the current object and past its colon; false at the object's end (then
     * past its closing brace).
     */
    private boolean readKey() throws IOException {
        byte c = nextToken();
        if (c == ',') {
            at++;
            c = nextToken();
        }
        if (c == '}') {
            at++;
            return false;
        }
        if (c != '"') {
            throw new IOException("expected a field name at " + at);
        }
        keyStart = at + 1;
        skipString();
        keyEnd = at - 1;
        if (nextToken() != ':') {
            throw new IOException("expected ':' at " + at);
        }
        at++;
        return true;
    }

    private boolean isKey(byte[] name) {
        return Arrays.equals(json, keyStart, keyEnd, name, 0, name.length);
    }

    /** A string value, unescaped; null (and the value skipped) when it is not a string. */
    private String readString() throws IOException {
        if (nextToken() != '"') {
            skipValue();
            return null;
        }
        int start = at + 1;
        skipString();
        int end = at - 1;
        for (int i = start; i < end; i++) {
            if (json[i] == '\\') {
                return unescape(start, end);
            }
        }
        return recent(start, end);
    }

    private String recent(int start, int end) {
        for (int i = 0; i < recentBytes.length; i++) {
            byte[] bytes = recentBytes[i];
            if (bytes != null && Arrays.equals(bytes, 0, bytes.length, json, start, end)) {
                return recentStrings[i];
            }
        }
        int slot = recentNext;
        recentNext = (slot + 1) % recentBytes.length;
        recentBytes[slot] = Arrays.copyOfRange(json, start, end);
        recentStrings[slot] = new String(json, start, end - start, StandardCharsets.UTF_8);
        return recentStrings[slot];
    }

    /** An integral number value; -1 (and the value skipped) for anything else. */
    private long readLong() throws IOException {
        nextToken();
        int start = at;
        boolean negative = json[at] == '-';
        if (negative) {
            at++;
        }
        long value = 0;
        int digits = 0;
        while (json[at] >= '0' && json[at] <= '9') {
            value = value * 10 + (json[at++] - '0');
            digits++;
        }
        byte c = json[at];
        if (digits == 0 || c == '.' || c == 'e' || c == 'E') {
            at = start;
            skipValue();
            return -1;
        }
        return negative ? -value : value;
    }

    private void skipValue() throws IOException {
        byte c = nextToken();
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                c = json[at];
                if (c == '"') {
                    skipString();
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                at++;
            } while (depth > 0);
        } else {
            // number, true, false, null
            while (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                c = json[++at];
            }
        }
    }

    /** From an opening quote to just past the closing one. */
    private void skipString() {
        // locals, not the fields: this loop runs over most of every frame's bytes
        byte[] bytes = json;
        int i = at + 1;
        byte c;
        while ((c = bytes[i]) != '"') {
            i += c == '\\' ? 2 : 1;
        }
        at = i + 1;
    }

    /** The next byte that is not white space, without consuming it. */
    private byte nextToken() {
        byte[] bytes = json;
        int i = at;
        byte c;
        while ((c = bytes[i]) == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        }
        at = i;
        return c;
    }

    private String unescape(int start, int end) throws IOException {
        StringBuilder text = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            int run = i;
            while (i < end && json[i] != '\\') {
                i++;
            }
            text.append(new String(json, run, i - run, StandardCharsets.UTF_8));
            if (i == end) {
                break;
            }
            byte escaped = json[i + 1];
            i += 2;
            switch (escaped) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) Integer.parseInt(new String(json, i, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> text.append((char) escaped); // \" \\ \/
            }
        }
        return text.toString();
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
