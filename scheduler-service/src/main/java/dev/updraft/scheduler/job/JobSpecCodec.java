package dev.updraft.scheduler.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.scheduler.JobSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;

/** The job definition as stored in the Quartz job data map: the JSON wire format, so stores stay readable. */
@ApplicationScoped
public class JobSpecCodec {

    private final ObjectMapper json;

    public JobSpecCodec(ObjectMapper json) {
        this.json = json;
    }

    public String write(JobSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write job " + spec.id(), e);
        }
    }

    public JobSpec read(String stored) {
        try {
            return json.readValue(stored, JobSpec.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored job definition is unreadable", e);
        }
    }
}
