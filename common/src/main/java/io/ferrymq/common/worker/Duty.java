package io.ferrymq.common.worker;

/**
 * The work of one background loop, done in rounds by a {@link DutyCycleWorker}. Tests call {@link #doWork()}
 * directly (usually with a {@link io.ferrymq.common.ManualClock}) to step the loop one round at a time.
 */
@FunctionalInterface
public interface Duty {
    /**
     * Does one round of work without blocking for long.
     *
     * @return how much work the round did; 0 means there was nothing to do and the worker may idle until woken
     * @throws Exception anything the round could not handle; the worker counts it as a fault, logs it and goes on
     */
    int doWork() throws Exception;

    /**
     * How long the worker may idle after a round that did nothing before this duty wants another round, in
     * milliseconds; {@link Long#MAX_VALUE} leaves it to the worker's idle time. Periodic duties say when they
     * are next due.
     */
    default long millisUntilNextRound() {
        return Long.MAX_VALUE;
    }

    /**
     * {@link #millisUntilNextRound()} in nanoseconds, which the worker reads; a duty that polls more often than
     * once a millisecond overrides this instead.
     */
    default long nanosUntilNextRound() {
        long millis = millisUntilNextRound();
        return millis == Long.MAX_VALUE ? Long.MAX_VALUE : java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
