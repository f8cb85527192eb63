package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Forces the commit log. ASYNC_FLUSH: every flushIntervalCommitLog ms. SYNC_FLUSH: group commit: puts hand in
 * (end offset, future) requests through a lock-free queue; the single "store-flush" worker forces everything
 * written so far in one call and completes every request whose end is covered, so many puts share one force and
 * no thread blocks per put. A request not covered within syncFlushTimeout completes with FLUSH_DISK_TIMEOUT (the
 * deadline is checked around each force and by the "store-flush-watchdog" worker, so waiters of a force that
 * hangs are still answered; a put whose force finished after its deadline also answers FLUSH_DISK_TIMEOUT,
 * although its bytes are on disk).
 *
 * <p>Threads: the "store-flush" {@link DutyCycleWorker} owns the forces; puts only enqueue and {@link #wakeup}
 * it. A failed force is counted by the worker and takes the store out of service for puts (the store owns that
 * decision). Tests leave the workers unstarted and call {@link #step()} with a manual clock.
 */
final class FlushWorker implements Duty {
    private record Request(long endOffset, PutResult result, CompletableFuture<PutResult> future, long deadline) {
    }

    /** Longest idle pause under SYNC_FLUSH: bounds the delay of a wakeup that raced with going idle. */
    private static final long SYNC_IDLE_MILLIS = 10;

    private final CommitLog commitLog;
    private final FlushDiskType type;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Clock clock;
    private final AtomicLong timeouts;
    private final AtomicLong errors;
    private final Consumer<String> diskFailure;
    /** Told how long each force that wrote something took (the flush-latency series). */
    private final LongConsumer forceLatency;
    private final DutyCycleWorker worker;
    private final DutyCycleWorker watchdog;
    /** Puts waiting for their force; completed by the flush worker, or by {@link #expireOverdue} on any thread. */
    private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();
    /** Test hook run before each force (e.g. to simulate a slow disk). */
    volatile Runnable beforeForce;
    private long lastForceNanos; // store-flush thread only
    private volatile boolean stopped;

    /** @param diskFailure told once a force fails, so the store can stop accepting puts (it owns the decision) */
    FlushWorker(CommitLog commitLog, MessageStoreConfig config, Clock clock, AtomicLong timeouts,
                LongConsumer forceLatency, AtomicLong errors, Consumer<String> diskFailure, FaultRegistry faults) {
        this.forceLatency = forceLatency;
        this.diskFailure = diskFailure;
        this.commitLog = commitLog;
        this.type = config.flushDiskType();
        this.intervalNanos = config.flushIntervalCommitLog() * 1_000_000L;
        this.timeoutNanos = config.syncFlushTimeout() * 1_000_000L;
        this.clock = clock;
        this.timeouts = timeouts;
        this.errors = errors;
        this.lastForceNanos = clock.nanoTime();
        long idle = type == FlushDiskType.SYNC_FLUSH ? Math.min(config.flushIntervalCommitLog(), SYNC_IDLE_MILLIS)
            : config.flushIntervalCommitLog();
        this.worker = new DutyCycleWorker("store-flush", this, Math.max(1, idle), faults);
        // Answers overdue waiters even while the flush thread is stuck in a force; it never touches the disk.
        long watchdogMillis = Math.max(1, Math.min(100, timeoutNanos / 2_000_000L));
        this.watchdog = type == FlushDiskType.SYNC_FLUSH
            ? DutyCycleWorker.periodic("store-flush-watchdog", clock, watchdogMillis, this::expireOverdue, faults)
            : null;
    }

    /** Forces the commit log; the time of a force that wrote something goes to the flush-latency sink. */
    private long timedForce() {
        long before = commitLog.flushedOffset();
        long start = clock.nanoTime();
        long flushed = commitLog.flush();
        if (flushed > before) {
            forceLatency.accept(clock.nanoTime() - start);
        }
        return flushed;
    }

    void start() {
        lastForceNanos = clock.nanoTime();
        worker.start();
        if (watchdog != null) {
            watchdog.start();
        }
    }

    /** Stops the workers, forces everything and completes the waiting puts. */
    void stop() {
        stopped = true;
        if (watchdog != null) {
            watchdog.close();
        }
        worker.close();
        long flushed = commitLog.flush();
        completeCovered(flushed);
        Request r;
        while ((r = waiting.poll()) != null) {
            r.future.complete(r.result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT, "store shut down before the flush"));
        }
    }

    /** Future completed once the commit log is forced up to {@code endOffset}. */
    CompletableFuture<PutResult> awaitFlush(long endOffset, PutResult result) {
        if (commitLog.flushedOffset() >= endOffset) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<PutResult> f = new CompletableFuture<>();
        waiting.add(new Request(endOffset, result, f, clock.nanoTime() + timeoutNanos));
        if (stopped) {
            f.complete(result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT, "flush thread not running"));
        } else {
            worker.wakeup();
        }
        return f;
    }

    /**
     * One round: under SYNC_FLUSH with puts waiting, one group force that answers every put it covers;
     * otherwise a periodic force when flushIntervalCommitLog has passed since the last. Returns 1 after a force.
     */
    @Override
    public int doWork() {
        try {
            if (type == FlushDiskType.SYNC_FLUSH && !waiting.isEmpty()) {
                expireOverdue();
                Runnable hook = beforeForce;
                if (hook != null) {
                    hook.run();
                }
                long flushed = timedForce();
                lastForceNanos = clock.nanoTime();
                expireOverdue(); // a force that outlived the deadline answers FLUSH_DISK_TIMEOUT, as RocketMQ does
                completeCovered(flushed);
                return 1;
            }
            long now = clock.nanoTime();
            if (now - lastForceNanos >= intervalNanos) {
                timedForce();
                lastForceNanos = now;
                return 1;
            }
            return 0;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            diskFailure.accept("commit-log force failed (" + e + "); acknowledged durability cannot be"
                + " guaranteed, puts are refused until the disk is fixed and the store restarted");
            throw e;
        }
    }

    /** ASYNC_FLUSH idles until the next periodic force is due. */
    @Override
    public long millisUntilNextRound() {
        long left = intervalNanos - (clock.nanoTime() - lastForceNanos);
        return Math.max(0, left / 1_000_000L);
    }

    /** Runs one round on the caller's thread; for tests with unstarted workers. */
    int step() {
        return worker.step();
    }

    /** Makes the worker start its next round now; cheap while it is busy. */
    void wakeup() {
        worker.wakeup();
    }

    private void completeCovered(long flushed) {
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.endOffset <= flushed) {
                it.remove();
                r.future.complete(r.result);
            }
        }
    }

    /**
     * Answers FLUSH_DISK_TIMEOUT to every put past its deadline. Called by the flush worker around each force and
     * by the watchdog, so a force that hangs still gets its waiters answered.
     */
    void expireOverdue() {
        long now = clock.nanoTime();
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (now - r.deadline >= 0) {
                it.remove();
                if (r.future.complete(r.result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT,
                    "not forced to disk within syncFlushTimeout; it is stored and will be forced later"))) {
                    timeouts.incrementAndGet();
                }
            }
        }
    }
}
