package io.ferrymq.common;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told to: tests step workers and expiry logic with {@link #advance(long)}
 * instead of sleeping. Wall time starts at the real time by default so it compares sensibly with timestamps
 * written by code that uses the system clock. Thread-safe.
 */
public final class ManualClock implements Clock {
    private final AtomicLong wallMillis;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final boolean realNanoTime;

    /** Wall time starting now; monotonic time moves only with {@link #advance(long)}. */
    public ManualClock() {
        this(System.currentTimeMillis(), false);
    }

    /** Wall time starting at {@code wallMillis}; monotonic time moves only with {@link #advance(long)}. */
    public ManualClock(long wallMillis) {
        this(wallMillis, false);
    }

    private ManualClock(long wallMillis, boolean realNanoTime) {
        this.wallMillis = new AtomicLong(wallMillis);
        this.realNanoTime = realNanoTime;
    }

    /**
     * A clock whose wall time is stepped by hand but whose monotonic time is the real one, for tests that step
     * ages (retention, timestamps) while real timeouts (flush waits) must still expire.
     */
    public static ManualClock withRealNanoTime(long wallMillis) {
        return new ManualClock(wallMillis, true);
    }

    @Override
    public long currentTimeMillis() {
        return wallMillis.get();
    }

    @Override
    public long nanoTime() {
        return realNanoTime ? System.nanoTime() : nanos.get();
    }

    /** Moves wall and monotonic time forward by {@code millis} (must not be negative). */
    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("a clock cannot go back: advance(" + millis + ")");
        }
        wallMillis.addAndGet(millis);
        nanos.addAndGet(millis * 1_000_000L);
    }

    /** Sets wall time only (monotonic time is unaffected), as when an operator changes the system time. */
    public void setWallMillis(long millis) {
        wallMillis.set(millis);
    }
}
