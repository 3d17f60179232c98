package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.scheduler.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The finished (and skipped) runs of each job, newest first, at most {@code updraft.scheduler.history.size} per
 * job. Kept in memory: history is diagnostic, the job definitions themselves live in the Quartz store.
 * <p>
 * Invariant: a job's deque is only touched inside {@link ConcurrentHashMap#compute} for its key, which
 * serializes all readers and writers of that job without a lock of our own.
 */
@ApplicationScoped
public class RunHistory {

    private final ConcurrentHashMap<String, Deque<JobRun>> runs = new ConcurrentHashMap<>();
    private final int size;

    public RunHistory(SchedulerConfig config) {
        this.size = Math.max(1, config.history().size());
    }

    public void record(JobRun run) {
        runs.compute(run.job(), (id, deque) -> {
            Deque<JobRun> d = deque == null ? new ArrayDeque<>() : deque;
            d.addFirst(run);
            while (d.size() > size) {
                d.removeLast();
            }
            return d;
        });
    }

    public List<JobRun> latest(String job, int limit) {
        List<JobRun> copy = new ArrayList<>();
        runs.computeIfPresent(job, (id, deque) -> {
            Iterator<JobRun> it = deque.iterator();
            while (it.hasNext() && copy.size() < limit) {
                copy.add(it.next());
            }
            return deque;
        });
        return copy;
    }

    public Optional<JobRun> last(String job) {
        List<JobRun> one = latest(job, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    public void forget(String job) {
        runs.remove(job);
    }
}
