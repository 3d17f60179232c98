package dev.updraft.model.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.updraft.model.DurationJson;
import dev.updraft.model.Durations;
import dev.updraft.model.Names;
import java.time.Duration;

/** A job: its id (topic-name syntax), when it fires, what it does, how long one run may take. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(
        String id,
        Schedule schedule,
        JobAction action,
        @JsonSerialize(using = DurationJson.Serializer.class)
        @JsonDeserialize(using = DurationJson.Deserializer.class)
        Duration timeout,
        Boolean enabled) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public JobSpec {
        Names.require("id", id);
        Names.requirePresent("schedule", schedule);
        Names.requirePresent("action", action);
        Durations.requirePositive("timeout", timeout);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        enabled = enabled == null || enabled;
    }

    public JobSpec withEnabled(boolean on) {
        return new JobSpec(id, schedule, action, timeout, on);
    }
}
