package dev.updraft.aggregator.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The circuit of one upstream host:port. CLOSED counts consecutive failed attempts and opens at the
 * threshold; OPEN refuses until {@code openFor} has passed, then lets exactly one trial through
 * (HALF_OPEN); the trial's success closes the circuit, its failure opens it again.
 *
 * <p>Invariant: the whole state is one immutable {@link Snapshot}, replaced only by compare-and-set, so
 * concurrent callers on any event loop see and move consistent states without a lock.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private record Snapshot(State state, int failures, long openedAtNanos, boolean trialInFlight) {
    }

    private static final Snapshot CLOSED = new Snapshot(State.CLOSED, 0, 0, false);

    private final int threshold;
    private final long openForNanos;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(CLOSED);

    public CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
    }

    /** True when a request may go now; in HALF_OPEN only the single trial may. */
    public boolean tryAcquire() {
        while (true) {
            Snapshot s = snapshot.get();
            Snapshot next;
            switch (s.state()) {
                case CLOSED -> {
                    return true;
                }
                case OPEN -> {
                    if (System.nanoTime() - s.openedAtNanos() < openForNanos) {
                        return false;
                    }
                    next = new Snapshot(State.HALF_OPEN, s.failures(), s.openedAtNanos(), true);
                }
                default -> {
                    if (s.trialInFlight()) {
                        return false;
                    }
                    next = new Snapshot(State.HALF_OPEN, s.failures(), s.openedAtNanos(), true);
                }
            }
            if (snapshot.compareAndSet(s, next)) {
                return true;
            }
        }
    }

    public void onSuccess() {
        snapshot.set(CLOSED);
    }

    public void onFailure() {
        while (true) {
            Snapshot s = snapshot.get();
            Snapshot next = switch (s.state()) {
                case CLOSED -> s.failures() + 1 >= threshold
                        ? new Snapshot(State.OPEN, s.failures() + 1, System.nanoTime(), false)
                        : new Snapshot(State.CLOSED, s.failures() + 1, 0, false);
                case HALF_OPEN -> new Snapshot(State.OPEN, s.failures() + 1, System.nanoTime(), false);
                case OPEN -> s;
            };
            if (next == s || snapshot.compareAndSet(s, next)) {
                return;
            }
        }
    }

    /** An attempt that ended without telling anything about the host (cancelled, blocked): free the trial. */
    public void onNeutral() {
        while (true) {
            Snapshot s = snapshot.get();
            if (s.state() != State.HALF_OPEN || !s.trialInFlight()) {
                return;
            }
            if (snapshot.compareAndSet(s, new Snapshot(State.HALF_OPEN, s.failures(), s.openedAtNanos(), false))) {
                return;
            }
        }
    }

    public State state() {
        Snapshot s = snapshot.get();
        if (s.state() == State.OPEN && System.nanoTime() - s.openedAtNanos() >= openForNanos) {
            return State.HALF_OPEN;
        }
        return s.state();
    }

    public int consecutiveFailures() {
        return snapshot.get().failures();
    }

    public Duration remainingOpen() {
        Snapshot s = snapshot.get();
        return Duration.ofNanos(Math.max(0, openForNanos - (System.nanoTime() - s.openedAtNanos())));
    }
}
