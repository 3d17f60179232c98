package dev.updraft.model.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One firing of a job. {@code latenessMs} is how long after {@code scheduledAt} it started;
 * a {@code skipped} run has no {@code startedAt}/{@code finishedAt}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRun(
        String job,
        Instant scheduledAt,
        Instant startedAt,
        Instant finishedAt,
        Long latenessMs,
        RunStatus status,
        String error) {
}
