package io.ferrymq.client;

/**
 * Time source of the client. Logic that measures durations (fault isolation, lock expiry, request timeouts) uses
 * {@link #monotonicMillis()}; wall-clock time is used only for values sent to brokers (born timestamps,
 * subscription versions). Tests inject a fake.
 */
public interface Clock {
    /** Milliseconds from an arbitrary origin; never goes backwards. */
    long monotonicMillis();

    /** Milliseconds since the epoch. */
    long wallMillis();

    /** The real clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** {@link Clock#system()}. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long monotonicMillis() {
            return System.nanoTime() / 1_000_000L;
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    }
}
