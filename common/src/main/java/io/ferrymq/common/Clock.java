package io.ferrymq.common;

/**
 * The one time source of every FerryMQ component, injected so tests can step time instead of sleeping.
 * {@link #currentTimeMillis()} is wall time (store timestamps, born times, retention ages, delay due times);
 * {@link #nanoTime()} and {@link #monotonicMillis()} are monotonic and serve intervals only (expiry, timeouts,
 * lock lifetimes, periodic work). Implementations are thread-safe; the monotonic readings never go backwards.
 * Tests use {@link ManualClock}.
 */
public interface Clock {
    /** The system clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };

    /** Milliseconds since the epoch. */
    long currentTimeMillis();

    /** Monotonic nanoseconds from an arbitrary origin. */
    long nanoTime();

    /** Monotonic milliseconds from an arbitrary origin (for intervals only). */
    default long monotonicMillis() {
        return nanoTime() / 1_000_000L;
    }
}
