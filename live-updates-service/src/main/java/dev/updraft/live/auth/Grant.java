package dev.updraft.live.auth;

import dev.updraft.live.engine.TopicPatterns;
import java.util.Set;

/**
 * What one caller may do, from its token: {@code sub} is the user shown in presence and as an event's
 * {@code from}; {@code subscribe} and {@code publish} are topic patterns; {@code groups} may hold
 * {@code publisher} (HTTP publish). Without authentication every grant is {@link #OPEN}: no user (the
 * {@code user} query parameter names the sender, as before) and no restriction.
 *
 * @param subscribe null: any topic
 * @param publish null: any topic
 * @param groups null: every group
 * @param expiresAtMillis when the token expires (epoch milliseconds), {@link Long#MAX_VALUE} for never
 */
public record Grant(String user, TopicPatterns subscribe, TopicPatterns publish, Set<String> groups,
        long expiresAtMillis) {

    public static final Grant OPEN = new Grant(null, null, null, null, Long.MAX_VALUE);

    public static final String PUBLISHER = "publisher";

    public boolean maySubscribe(String topic) {
        return subscribe == null || subscribe.matches(topic);
    }

    public boolean mayPublish(String topic) {
        return publish == null || publish.matches(topic);
    }

    public boolean inGroup(String group) {
        return groups == null || groups.contains(group);
    }

    public boolean expires() {
        return expiresAtMillis != Long.MAX_VALUE;
    }
}
