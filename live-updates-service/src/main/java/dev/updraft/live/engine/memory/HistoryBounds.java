package dev.updraft.live.engine.memory;

/** Per-topic history limits: at most {@code size} events, none older than {@code ttlMillis}. */
record HistoryBounds(int size, long ttlMillis) {
}
