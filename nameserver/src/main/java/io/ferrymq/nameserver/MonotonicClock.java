package io.ferrymq.nameserver;

/**
 * Source of monotonic milliseconds for liveness decisions. Injected so that tests can step time instead of
 * sleeping. Implementations must be thread-safe and never go backwards.
 */
@FunctionalInterface
public interface MonotonicClock {
    /** The system's monotonic clock ({@link System#nanoTime()} in ms); unrelated to wall-clock time. */
    MonotonicClock SYSTEM = () -> System.nanoTime() / 1_000_000L;

    long millis();
}
