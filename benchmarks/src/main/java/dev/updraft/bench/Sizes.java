package dev.updraft.bench;

import java.time.Duration;
import java.util.List;

/**
 * Every size and duration a run uses. {@link #full()} is what the goals are judged on and needs a quiet
 * machine; {@link #small()} only checks that the harness works end to end in about two minutes, and its
 * figures are marked as such in the report.
 *
 * @param smoke                  true for the small harness check
 * @param broadcastConnections   connections held for the broadcast scenario
 * @param connectionsPerWorker   at most this many per generator process (FD limit: 20,000 per process);
 *                               the broadcast always uses at least two, so the merge path is exercised
 * @param broadcasts             broadcasts sent to all of them, one per {@code broadcastInterval}
 * @param broadcastInterval      gap between broadcasts, long enough for one to drain
 * @param hold                   how long the connections are held idle before the broadcasts
 * @param steadySubscribers      subscribers of the one topic in the steady-rate ladder
 * @param steadyRates            publish rates (msg/s) tried in order; the ladder stops at the first miss
 * @param steadyStep             duration of each rate step
 * @param fanoutCalls            sequential 100-request aggregates (bounded also by {@code fanoutTime})
 * @param fanoutTime             upper bound on the fan-out run per system
 * @param throughputConcurrency  aggregates in flight in the throughput run
 * @param throughputTime         duration of the throughput run per system
 * @param jobs                   scheduler jobs (and Tornado callbacks)
 * @param jobWindow              how long they run, warm-up excluded
 * @param jobWarmup              first part of the run not counted (start-up, first firings)
 */
public record Sizes(boolean smoke, int broadcastConnections, int connectionsPerWorker, int broadcasts,
                    Duration broadcastInterval, Duration hold, int steadySubscribers, List<Integer> steadyRates,
                    Duration steadyStep, int fanoutCalls, Duration fanoutTime, int throughputConcurrency,
                    Duration throughputTime, int jobs, Duration jobWindow, Duration jobWarmup) {

    public static Sizes full() {
        return new Sizes(false, 19_500, 9_750, 20, Duration.ofSeconds(1), Duration.ofSeconds(30),
                1_000, List.of(10, 50, 100, 250, 1_000), Duration.ofSeconds(10),
                300, Duration.ofSeconds(30), 32, Duration.ofSeconds(20),
                1_000, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    /** The same sizes with another number of held connections for the broadcast scenario. */
    public Sizes withBroadcastConnections(int connections) {
        return new Sizes(smoke, connections, connectionsPerWorker, broadcasts, broadcastInterval, hold,
                steadySubscribers, steadyRates, steadyStep, fanoutCalls, fanoutTime, throughputConcurrency,
                throughputTime, jobs, jobWindow, jobWarmup);
    }

    public static Sizes small() {
        return new Sizes(true, 400, 9_750, 5, Duration.ofMillis(500), Duration.ofSeconds(2),
                100, List.of(50, 200), Duration.ofSeconds(3),
                20, Duration.ofSeconds(8), 8, Duration.ofSeconds(3),
                100, Duration.ofSeconds(6), Duration.ofSeconds(3));
    }
}
