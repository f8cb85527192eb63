package io.ferrymq.broker;

/**
 * Time source of the broker's logic (expiry, lock lifetime, delay due times, long-poll deadlines), injectable
 * so tests can step time. {@link #currentTimeMillis()} is wall time, comparable with store timestamps;
 * {@link #nanoTime()} is monotonic.
 */
public interface Clock {
    Clock SYSTEM = new Clock() {
        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    long currentTimeMillis();

    long nanoTime();

    /** Monotonic milliseconds (for intervals only). */
    default long monotonicMillis() {
        return nanoTime() / 1_000_000L;
    }
}
