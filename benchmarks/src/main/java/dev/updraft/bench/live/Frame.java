package dev.updraft.bench.live;

/**
 * The fields of a server frame the generator needs, reused for every frame a connection reads so that
 * parsing allocates only the small strings. {@code sentMicros} is the publisher's timestamp from the
 * event's {@code data.t}, or -1 when the event carries none.
 */
final class Frame {

    String type;
    String topic;
    long offset;
    long sentMicros;
    String code;

    void clear() {
        type = null;
        topic = null;
        offset = -1;
        sentMicros = -1;
        code = null;
    }
}
