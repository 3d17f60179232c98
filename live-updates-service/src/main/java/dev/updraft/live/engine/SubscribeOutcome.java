package dev.updraft.live.engine;

import dev.updraft.live.fanout.Delivery;
import java.util.List;

/**
 * What a subscription starts from: the topic's last offset and epoch, whether the requested range could be
 * recovered ({@code null} when no {@code since} was asked), and the events to replay, oldest first.
 */
public record SubscribeOutcome(long offset, String epoch, Boolean recovered, List<Delivery> replay) {
}
