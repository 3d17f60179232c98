package dev.updraft.live.engine.redis;

import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** The answer of {@link Script#READ}: the topic's epoch, last offset, first offset still held, the entries. */
record ReadResult(String epoch, long last, long first, List<Entry> entries) {

    static ReadResult of(Response r) {
        String epoch = r.get(0).toString();
        Response flat = r.get(3);
        List<Entry> entries = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            entries.add(new Entry(flat.get(i).toLong(), epoch, Long.parseLong(flat.get(i + 2).toString()),
                    flat.get(i + 1).toString()));
        }
        return new ReadResult(epoch, r.get(1).toLong(), r.get(2).toLong(), entries);
    }

    /** True when every event after {@code since} is still held (as the in-memory engine defines it). */
    boolean covers(long since) {
        return since <= last && since + 1 >= first;
    }
}
