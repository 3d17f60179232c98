package dev.updraft.scheduler.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The one clock the scheduler reads, so that time-based rules take it as a parameter. It ticks in microseconds: run
 * times are stored with that precision (the run history table), so a run reads the same from the store as it did
 * when it was recorded.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
