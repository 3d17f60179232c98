package dev.updraft.model.live;

/** A connection present in a topic: its connection id and the user behind it. */
public record Member(String client, String user) {
}
