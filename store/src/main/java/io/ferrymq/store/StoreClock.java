package io.ferrymq.store;

/**
 * Time source of the store, injectable for tests. {@link #currentTimeMillis()} is wall time (store timestamps,
 * retention ages and the deleteWhen hour); {@link #nanoTime()} is monotonic (timeouts).
 */
public interface StoreClock {
    StoreClock SYSTEM = new StoreClock() {
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
}
