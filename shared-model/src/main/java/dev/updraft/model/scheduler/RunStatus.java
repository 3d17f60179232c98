package dev.updraft.model.scheduler;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum RunStatus {
    @JsonProperty("running") RUNNING,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    /** The firing came while the previous run was still in progress (no overlap). */
    @JsonProperty("skipped") SKIPPED,
    @JsonProperty("timed_out") TIMED_OUT
}
