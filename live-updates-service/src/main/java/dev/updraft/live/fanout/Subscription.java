package dev.updraft.live.fanout;

import java.util.List;

/**
 * One sink subscribed to one topic, confined to the event loop of its {@link LoopHub}.
 *
 * <p>{@code next} is the next offset this subscription may deliver. It makes the hand-over from replay to
 * live exact: the engine sets it (under the topic's lock) to the offset after the last event it replays, so
 * events still queued in the hub from before the subscription are skipped and every later one passes, in
 * order, exactly once.
 */
public final class Subscription {

    private final String topic;
    private final Sink sink;
    private final LoopHub hub;
    private long next = Long.MAX_VALUE;

    public Subscription(String topic, Sink sink, LoopHub hub) {
        this.topic = topic;
        this.sink = sink;
        this.hub = hub;
    }

    public String topic() {
        return topic;
    }

    public LoopHub hub() {
        return hub;
    }

    /** Called by the engine under the topic's lock: live delivery starts at {@code firstLiveOffset}. */
    public void startLiveAt(long firstLiveOffset) {
        next = firstLiveOffset;
    }

    /** Writes replayed events; must run on the hub's loop before it yields, i.e. before any live drain. */
    public void replay(List<Delivery> events) {
        if (!events.isEmpty()) {
            sink.sendReplayed(new Burst(events));
        }
    }

    /**
     * Hands the sink the frames of the burst this subscription takes, each unbroken run of them in one call.
     * Returns how many the sink queued.
     */
    int deliver(Burst burst) {
        int queued = 0;
        int runStart = -1;
        for (int i = 0; i < burst.size(); i++) {
            if (takes(burst.get(i))) {
                if (runStart < 0) {
                    runStart = i;
                }
            } else if (runStart >= 0) {
                queued += sink.send(burst, runStart, i);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            queued += sink.send(burst, runStart, burst.size());
        }
        return queued;
    }

    private boolean takes(Delivery d) {
        if (d.isEvent()) {
            if (d.offset() < next) {
                return false;
            }
            next = d.offset() + 1;
        } else if (d.restartsAt() > 0) {
            if (next == Long.MAX_VALUE) {
                return false; // not live yet: the subscription's own subscribed frame will carry the news
            }
            next = d.restartsAt();
        }
        return true;
    }
}
