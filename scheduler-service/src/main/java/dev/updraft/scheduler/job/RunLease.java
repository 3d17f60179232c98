package dev.updraft.scheduler.job;

import dev.updraft.scheduler.config.SchedulerConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * No overlap across replicas. On the shared PostgreSQL store a job's next firing may land on another replica
 * while its run is still in progress here, so a run first takes the job's row in {@code UPDRAFT_RUN_LEASE}
 * (primary key: the job id); a replica that cannot is skipped. A lease expires after the job timeout plus the
 * shutdown grace, so a replica that dies mid-run blocks nobody for long. On the embedded store a single
 * process runs everything and {@link JobRunner}'s in-memory guard is enough: no lease is taken.
 */
@ApplicationScoped
public class RunLease {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Optional<AgroalDataSource> shared;
    private final String owner = UUID.randomUUID().toString();
    private final Duration margin;
    private final Clock clock;

    public RunLease(@DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresql, SchedulerConfig config,
            Clock clock) {
        this.shared = postgresql.listActive().stream().findFirst();
        this.margin = config.shutdownGrace().plusSeconds(5);
        this.clock = clock;
    }

    /** Whether {@link #acquire} blocks on the database: only on the shared store. */
    public boolean blocks() {
        return shared.isPresent();
    }

    /** Takes the job's lease for a run bounded by {@code timeout}; false when another replica holds it. Blocks. */
    public boolean acquire(String job, Instant scheduledAt, Duration timeout) {
        if (shared.isEmpty()) {
            return true;
        }
        long now = clock.millis();
        try (Connection c = shared.get().getConnection()) {
            try (PreparedStatement expired = c.prepareStatement(
                    "DELETE FROM UPDRAFT_RUN_LEASE WHERE JOB_ID = ? AND EXPIRES_AT < ?")) {
                expired.setString(1, job);
                expired.setLong(2, now);
                expired.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO UPDRAFT_RUN_LEASE (JOB_ID, OWNER, SCHEDULED_AT, EXPIRES_AT) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, job);
                insert.setString(2, owner);
                insert.setLong(3, scheduledAt.toEpochMilli());
                insert.setLong(4, now + timeout.plus(margin).toMillis());
                insert.executeUpdate();
                return true;
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new JobRepository.StoreException("cannot take the run lease of job " + job, e);
        }
    }

    /** Gives the lease back, on a worker thread: runs finish on event-loop threads, which must not block. */
    public void release(String job) {
        if (shared.isEmpty()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try (Connection c = shared.get().getConnection();
                    PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM UPDRAFT_RUN_LEASE WHERE JOB_ID = ? AND OWNER = ?")) {
                delete.setString(1, job);
                delete.setString(2, owner);
                delete.executeUpdate();
            } catch (SQLException e) {
                Log.warnf("cannot release the run lease of job %s (it expires by itself): %s", job, e.getMessage());
            }
        });
    }
}
