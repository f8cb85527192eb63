package io.ferrymq.common.worker;

import io.ferrymq.common.Clock;

/**
 * A {@link Duty} that runs a task every {@code periodMillis} of the clock's monotonic time, the first time at
 * once. With a {@link io.ferrymq.common.ManualClock}, each {@link #doWork()} after the clock moved past the due
 * time runs the task once. Not thread-safe: driven by one worker thread (or one test thread).
 */
public final class PeriodicDuty implements Duty {
    /** The periodic work; may throw, which the worker counts and logs. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final Clock clock;
    private final long periodMillis;
    private final Task task;
    private long nextDueMillis = Long.MIN_VALUE;

    public PeriodicDuty(Clock clock, long periodMillis, Task task) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
        }
        this.clock = clock;
        this.periodMillis = periodMillis;
        this.task = task;
    }

    @Override
    public int doWork() throws Exception {
        long now = clock.monotonicMillis();
        if (nextDueMillis != Long.MIN_VALUE && now < nextDueMillis) {
            return 0;
        }
        // The next round is due a period after this one started, whether or not the task throws.
        nextDueMillis = now + periodMillis;
        task.run();
        return 1;
    }

    @Override
    public long millisUntilNextRound() {
        if (nextDueMillis == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, nextDueMillis - clock.monotonicMillis());
    }

    public long periodMillis() {
        return periodMillis;
    }
}
