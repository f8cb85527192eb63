package io.ferrymq.store;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The store's runtime counters since start, shared by the components that count (appender, reader, flush
 * worker, retention, background loops), and the put rate the housekeeping round measures. Thread-safe.
 */
final class StoreCounters {
    final AtomicLong putCount = new AtomicLong();
    final AtomicLong putBytes = new AtomicLong();
    final AtomicLong putFailures = new AtomicLong();
    final AtomicLong flushTimeouts = new AtomicLong();
    final AtomicLong getFound = new AtomicLong();
    final AtomicLong getMiss = new AtomicLong();
    final AtomicLong deletedSegments = new AtomicLong();
    final AtomicLong unconsumedDeleted = new AtomicLong();
    /** Commit-log file bytes removed by retention. */
    final AtomicLong deletedBytes = new AtomicLong();
    /** Errors met by flush, dispatch and housekeeping rounds (each also in the fault registry). */
    final AtomicLong backgroundErrors = new AtomicLong();
    private volatile double putTps;
    private volatile LongConsumer forceLatency = nanos -> { };
    private long lastTpsCount; // housekeeping thread only
    private long lastTpsNanos = Long.MIN_VALUE;

    /** Re-measures the put rate when at least a second passed since the last measurement (housekeeping thread). */
    void measureTps(long nowNanos) {
        if (lastTpsNanos == Long.MIN_VALUE) {
            lastTpsNanos = nowNanos;
            lastTpsCount = putCount.get();
            return;
        }
        if (nowNanos - lastTpsNanos >= 1_000_000_000L) {
            long c = putCount.get();
            putTps = (c - lastTpsCount) * 1e9 / (nowNanos - lastTpsNanos);
            lastTpsCount = c;
            lastTpsNanos = nowNanos;
        }
    }

    double putTps() {
        return putTps;
    }

    /** Hands the duration of one commit-log force that wrote something to the sink (flush thread). */
    void recordForce(long nanos) {
        forceLatency.accept(nanos);
    }

    void forceLatencyTo(LongConsumer sink) {
        forceLatency = Objects.requireNonNull(sink, "sink");
    }
}
