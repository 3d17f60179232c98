package dev.updraft.model.live;

/** Answer to {@code POST /api/topics/{topic}/events}. */
public record PublishResult(String topic, long offset, String epoch) {
}
