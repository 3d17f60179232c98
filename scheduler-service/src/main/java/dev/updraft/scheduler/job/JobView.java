package dev.updraft.scheduler.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import java.time.Instant;

/**
 * A job as the API shows it: the job format itself (unwrapped, so a GET answer can be sent back with PUT)
 * plus what the scheduler knows about it now.
 *
 * @param state {@code scheduled}, {@code running} or {@code paused}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(@JsonUnwrapped JobSpec spec, String state, Instant nextFireAt, JobRun lastRun) {

    public static final String SCHEDULED = "scheduled";
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
}
