package dev.updraft.scheduler.api;

import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.scheduler.job.JobService;
import dev.updraft.scheduler.job.JobView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * The job API of DESIGN.md. Methods return plain values, so Quarkus REST runs them on worker threads: the job
 * store they reach may be JDBC.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    public List<JobView> list() {
        return jobs.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JobSpec spec, @Context UriInfo uri) {
        JobView created = jobs.create(required(spec));
        return Response.created(uri.getAbsolutePathBuilder().path(created.spec().id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public JobView get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JobView replace(@PathParam("id") String id, JobSpec spec) {
        return jobs.replace(id, required(spec));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        jobs.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    public JobView pause(@PathParam("id") String id) {
        return jobs.pause(id);
    }

    @POST
    @Path("/{id}/resume")
    public JobView resume(@PathParam("id") String id) {
        return jobs.resume(id);
    }

    /** Runs the job once now; answers 202 with the run started (or {@code skipped} when one is in progress). */
    @POST
    @Path("/{id}/trigger")
    public Response trigger(@PathParam("id") String id) {
        JobRun run = jobs.trigger(id);
        return Response.accepted(run).build();
    }

    @GET
    @Path("/{id}/runs")
    public List<JobRun> runs(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("20") int limit) {
        return jobs.runs(id, limit);
    }

    private static JobSpec required(JobSpec spec) {
        if (spec == null) {
            throw new InvalidFieldException(null, "a job is required as the JSON request body");
        }
        return spec;
    }
}
