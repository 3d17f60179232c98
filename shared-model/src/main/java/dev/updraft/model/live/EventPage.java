package dev.updraft.model.live;

import java.util.List;

/**
 * Answer to {@code GET /api/topics/{topic}/events}: events after {@code since}, oldest first.
 * {@code recovered} is false when part of the requested range is no longer in history.
 */
public record EventPage(String topic, String epoch, List<ServerFrame.Event> events, boolean recovered) {
}
