package dev.updraft.live.engine.redis;

/**
 * Names of the engine's keys and channels. Every key of one topic carries the topic in a hash tag
 * ({@code {topic}}), so a topic's keys share a slot and its scripts declare all they touch.
 */
record RedisKeys(String prefix) {

    /** Hash {@code epoch}, {@code last}: the topic's incarnation and its last offset. */
    String meta(String topic) {
        return base(topic) + "meta";
    }

    /** Stream of the topic's history: entry id {@code <offset>-0}, fields {@code f} (the frame), {@code t} (ms). */
    String log(String topic) {
        return base(topic) + "log";
    }

    /** Sorted set: replica id by the time (ms) its presence hash expires. */
    String replicas(String topic) {
        return base(topic) + "replicas";
    }

    /** Prefix of the per-replica presence hashes; the replica id follows. */
    String replicaHashPrefix(String topic) {
        return base(topic) + "r:";
    }

    /** Sorted set: topic name by the time (ms) it was last used, for the topics listing. */
    String index() {
        return prefix + "topics";
    }

    String channel(String topic) {
        return prefix + "ch:" + topic;
    }

    /** The one pattern each replica subscribes to; glob characters of the prefix are escaped. */
    String channelPattern() {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "ch:*";
    }

    /** The topic of a channel name, or null for a channel that is not one of ours. */
    String topicOf(String channel) {
        String start = prefix + "ch:";
        return channel.startsWith(start) ? channel.substring(start.length()) : null;
    }

    /** The part before the topic's hash tag; the topics script builds the other keys from it. */
    String base(String topic) {
        return prefix + "{" + topic + "}:";
    }
}
