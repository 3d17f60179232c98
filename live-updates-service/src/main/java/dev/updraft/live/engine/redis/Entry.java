package dev.updraft.live.engine.redis;

/** One event as Redis holds it: offset, epoch, publish time (ms) and the pre-encoded frame. */
record Entry(long offset, String epoch, long tsMillis, String frame) {
}
