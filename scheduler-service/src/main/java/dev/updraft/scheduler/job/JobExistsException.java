package dev.updraft.scheduler.job;

public class JobExistsException extends RuntimeException {
    public JobExistsException(String id) {
        super("a job with id '" + id + "' already exists: use PUT /api/jobs/" + id + " to change it");
    }
}
