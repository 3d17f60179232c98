package dev.updraft.model.live;

/** One row of {@code GET /api/topics}. */
public record TopicInfo(String topic, int subscribers, long lastOffset, String epoch) {
}
