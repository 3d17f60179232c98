package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The finished (and skipped) runs of each job, newest first, in table {@code UPDRAFT_JOB_RUN} of the job store's
 * database (the embedded H2 file or the shared PostgreSQL), so the history survives restarts and every replica
 * lists the runs of all of them. About {@code updraft.scheduler.history.size} runs are kept per job.
 * <p>
 * {@link #record} never blocks: runs finish on event-loop threads and a thousand of them may finish in the same
 * second. It queues the run; one writer thread inserts what is queued every {@value #WRITE_EVERY_MS} ms as one
 * JDBC batch in one transaction, and trims a job's older rows once it has written half a history's worth more.
 * Reads see the queued runs too. If the database is unreachable the runs wait in the queue (at most
 * {@value #MAX_QUEUED}; newer ones are then dropped and that is logged) and are written once it is back.
 * <p>
 * Invariant: a run is in the queue until the transaction that inserts it has committed, and the writer commits and
 * takes the batch out of the queue under the write lock while readers read the table and the queue under the read
 * lock, so a reader sees every run exactly once. Only the writer thread takes runs out of the queue (also for
 * {@link #forget}), so the batch it has just committed is always the head of the queue.
 */
@ApplicationScoped
public class RunHistory {

    static final int WRITE_EVERY_MS = 100;
    static final int MAX_QUEUED = 100_000;
    static final int MAX_ERROR_CHARS = 2000;
    private static final int MAX_BATCH = 2000;
    private static final Duration FORGET_WAIT = Duration.ofSeconds(30);
    private static final String COLUMNS = "SCHEDULED_US, STARTED_US, FINISHED_US, LATENESS_MS, STATUS, ERROR";

    private final AgroalDataSource db;
    private final Clock clock;
    private final int size;
    private final int trimEvery;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ReadWriteLock visibility = new ReentrantReadWriteLock();
    /** Rows written per job since its last trim; only the writer thread touches it. */
    private final Map<String, Integer> writtenSinceTrim = new HashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("updraft-run-history").daemon().factory());

    public RunHistory(@DataSource("embedded") InjectableInstance<AgroalDataSource> embedded,
            @DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresql, SchedulerConfig config,
            Clock clock) {
        this.db = Stream.concat(embedded.listActive().stream(), postgresql.listActive().stream())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no active job store datasource"));
        this.clock = clock;
        this.size = Math.max(1, config.history().size());
        this.trimEvery = Math.max(1, size / 2);
        writer.scheduleWithFixedDelay(this::write, WRITE_EVERY_MS, WRITE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Queues a finished or skipped run for the store. Never blocks. */
    public void record(JobRun run) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            if (overflowing.compareAndSet(false, true)) {
                Log.warnf("run history: %d runs wait for the store; newer runs are not kept until it catches up",
                        MAX_QUEUED);
            }
            return;
        }
        queue.add(new Queued(run, micros(clock.instant())));
    }

    /** The job's newest runs, newest first: at most {@code limit} and at most the history size. Blocks (JDBC). */
    public List<JobRun> latest(String job, int limit) {
        int wanted = Math.min(limit, size);
        visibility.readLock().lock();
        try {
            List<JobRun> runs = queuedOf(job, wanted);
            if (runs.size() < wanted) {
                runs.addAll(stored(job, wanted - runs.size()));
            }
            return runs;
        } finally {
            visibility.readLock().unlock();
        }
    }

    public Optional<JobRun> last(String job) {
        List<JobRun> one = latest(job, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The newest run of every job that has one, in one query (a job listing must not cost a history query per job). */
    public Map<String, JobRun> lastOfEach() {
        visibility.readLock().lock();
        try {
            Map<String, JobRun> last = storedLastOfEach();
            for (Queued q : queue) {
                last.put(q.run.job(), q.run); // queued runs are newer than stored ones, and in recording order
            }
            return last;
        } finally {
            visibility.readLock().unlock();
        }
    }

    /** Deletes a job's history, queued runs included. Blocks (JDBC, on the writer thread, see the invariant). */
    public void forget(String job) {
        try {
            writer.submit(() -> {
                delete(job);
                for (Iterator<Queued> it = queue.iterator(); it.hasNext(); ) {
                    if (it.next().run.job().equals(job)) {
                        it.remove();
                        queued.decrementAndGet();
                    }
                }
                writtenSinceTrim.remove(job);
                return null;
            }).get(FORGET_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new JobRepository.StoreException("cannot delete the run history of job " + job, e.getCause());
        } catch (TimeoutException e) {
            throw new JobRepository.StoreException("cannot delete the run history of job " + job, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobRepository.StoreException("interrupted deleting the run history of job " + job, e);
        }
    }

    /** Writes what is queued, waiting up to {@code max} (at shutdown, after the last runs were recorded). */
    public void flush(Duration max) {
        try {
            writer.submit(this::write).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Log.warnf("run history: %d run(s) not written before shutdown", queued.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void close() {
        writer.shutdownNow();
    }

    /** The writer: batches until the queue is empty or the store fails (then the next round tries again). */
    private void write() {
        try {
            List<Queued> batch;
            while (!(batch = nextBatch()).isEmpty()) {
                insert(batch);
                trim(batch);
            }
            if (failing.compareAndSet(true, false)) {
                Log.info("run history: the store takes runs again");
            }
        } catch (SQLException | RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                Log.warnf("run history: cannot write runs to the store (%s); they are kept queued and retried",
                        e.getMessage());
            }
        }
    }

    private void delete(String job) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM UPDRAFT_JOB_RUN WHERE JOB_ID = ?")) {
            delete.setString(1, job);
            delete.executeUpdate();
        }
    }

    private List<Queued> nextBatch() {
        List<Queued> batch = new ArrayList<>();
        Iterator<Queued> it = queue.iterator();
        while (it.hasNext() && batch.size() < MAX_BATCH) {
            batch.add(it.next());
        }
        return batch;
    }

    private void insert(List<Queued> batch) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO UPDRAFT_JOB_RUN (JOB_ID, RECORDED_US, "
                    + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Queued q : batch) {
                    bind(insert, q);
                    insert.addBatch();
                }
                insert.executeBatch();
                commitAndDequeue(c, batch.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Makes the batch visible in the table and gone from the queue in one step for readers. */
    private void commitAndDequeue(Connection c, int count) throws SQLException {
        visibility.writeLock().lock();
        try {
            c.commit();
            for (int i = 0; i < count && queue.poll() != null; i++) {
                queued.decrementAndGet();
            }
            overflowing.set(false);
        } finally {
            visibility.writeLock().unlock();
        }
    }

    private void trim(List<Queued> batch) throws SQLException {
        Map<String, Integer> written = new HashMap<>();
        batch.forEach(q -> written.merge(q.run.job(), 1, Integer::sum));
        List<String> due = new ArrayList<>();
        written.forEach((job, count) -> {
            if (writtenSinceTrim.merge(job, count, Integer::sum) >= trimEvery) {
                writtenSinceTrim.remove(job);
                due.add(job);
            }
        });
        if (due.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM UPDRAFT_JOB_RUN WHERE JOB_ID = ? AND "
                        + "RUN_ID NOT IN (SELECT RUN_ID FROM UPDRAFT_JOB_RUN WHERE JOB_ID = ? "
                        + "ORDER BY RECORDED_US DESC, RUN_ID DESC LIMIT ?)")) {
            for (String job : due) {
                delete.setString(1, job);
                delete.setString(2, job);
                delete.setInt(3, size);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private List<JobRun> queuedOf(String job, int limit) {
        List<JobRun> runs = new ArrayList<>();
        for (Queued q : queue) {
            if (q.run.job().equals(job)) {
                runs.add(q.run);
            }
        }
        Collections.reverse(runs);
        return runs.size() > limit ? new ArrayList<>(runs.subList(0, limit)) : runs;
    }

    private List<JobRun> stored(String job, int limit) {
        try (Connection c = db.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM UPDRAFT_JOB_RUN "
                        + "WHERE JOB_ID = ? ORDER BY RECORDED_US DESC, RUN_ID DESC LIMIT ?")) {
            select.setString(1, job);
            select.setInt(2, limit);
            List<JobRun> runs = new ArrayList<>(limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    runs.add(run(job, rs, 1));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new JobRepository.StoreException("cannot read the run history of job " + job, e);
        }
    }

    private Map<String, JobRun> storedLastOfEach() {
        try (Connection c = db.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT JOB_ID, " + COLUMNS + " FROM (SELECT JOB_ID, "
                        + COLUMNS + ", ROW_NUMBER() OVER (PARTITION BY JOB_ID ORDER BY RECORDED_US DESC, RUN_ID DESC)"
                        + " AS NEWEST FROM UPDRAFT_JOB_RUN) R WHERE NEWEST = 1");
                ResultSet rs = select.executeQuery()) {
            Map<String, JobRun> last = new HashMap<>();
            while (rs.next()) {
                String job = rs.getString(1);
                last.put(job, run(job, rs, 2));
            }
            return last;
        } catch (SQLException e) {
            throw new JobRepository.StoreException("cannot read the newest runs of the jobs", e);
        }
    }

    /** A run from the {@link #COLUMNS} of the result's current row, starting at column {@code first}. */
    private static JobRun run(String job, ResultSet rs, int first) throws SQLException {
        return new JobRun(job, instant(rs, first), instant(rs, first + 1), instant(rs, first + 2),
                longOrNull(rs, first + 3), RunStatus.valueOf(rs.getString(first + 4)), rs.getString(first + 5));
    }

    private static void bind(PreparedStatement insert, Queued q) throws SQLException {
        JobRun run = q.run;
        insert.setString(1, run.job());
        insert.setLong(2, q.recordedUs);
        insert.setLong(3, micros(run.scheduledAt()));
        setLong(insert, 4, run.startedAt() == null ? null : micros(run.startedAt()));
        setLong(insert, 5, run.finishedAt() == null ? null : micros(run.finishedAt()));
        setLong(insert, 6, run.latenessMs());
        insert.setString(7, run.status().name());
        String error = run.error();
        insert.setString(8, error == null || error.length() <= MAX_ERROR_CHARS ? error
                : error.substring(0, MAX_ERROR_CHARS - 1) + "…");
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Long us = longOrNull(rs, column);
        return us == null ? null : Instant.EPOCH.plus(us, ChronoUnit.MICROS);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** A run waiting for the writer, with the moment it was recorded (its place in the job's history). */
    private record Queued(JobRun run, long recordedUs) {
    }
}
