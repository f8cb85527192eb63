package io.ferrymq.store;

import io.ferrymq.common.Clock;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the commit log. ASYNC_FLUSH: every flushIntervalCommitLog ms. SYNC_FLUSH: group commit: puts hand in
 * (end offset, future) requests through a lock-free queue; the single "store-flush" thread forces everything
 * written so far in one call and completes every request whose end is covered, so many puts share one force and
 * no thread blocks per put. A request not covered within syncFlushTimeout completes with FLUSH_DISK_TIMEOUT (the
 * deadline is checked around each force and by a watchdog task, so waiters of a force that hangs are
 * still answered; a put whose force finished after its deadline also answers FLUSH_DISK_TIMEOUT, although its
 * bytes are on disk).
 */
final class FlushWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FlushWorker.class);

    private record Request(long endOffset, PutResult result, CompletableFuture<PutResult> future, long deadline) {
    }

    private final CommitLog commitLog;
    private final FlushDiskType type;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Clock clock;
    private final AtomicLong timeouts;
    private final AtomicLong errors;
    /** Puts waiting for their force; completed by the flush thread, or by {@link #expireOverdue} on any thread. */
    private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();
    /** Test hook run before each force (e.g. to simulate a slow disk). */
    volatile Runnable beforeForce;
    private volatile boolean running;
    private volatile Thread thread;

    private final java.util.function.Consumer<String> diskFailure;

    /** @param diskFailure told once a force fails, so the store can stop accepting puts (it owns the decision) */
    FlushWorker(CommitLog commitLog, MessageStoreConfig config, Clock clock, AtomicLong timeouts,
                AtomicLong errors, java.util.function.Consumer<String> diskFailure) {
        this.diskFailure = diskFailure;
        this.commitLog = commitLog;
        this.type = config.flushDiskType();
        this.intervalNanos = config.flushIntervalCommitLog() * 1_000_000L;
        this.timeoutNanos = config.syncFlushTimeout() * 1_000_000L;
        this.clock = clock;
        this.timeouts = timeouts;
        this.errors = errors;
    }

    void start() {
        running = true;
        Thread t = new Thread(this, "store-flush");
        t.setDaemon(true);
        thread = t;
        t.start();
        if (type == FlushDiskType.SYNC_FLUSH) {
            scheduleWatchdog();
        }
    }

    /**
     * Answers overdue waiters even while the flush thread is stuck in a force: a task on the JDK's shared
     * delay scheduler (it never touches the disk) re-arming itself while the worker runs.
     */
    private void scheduleWatchdog() {
        long periodMs = Math.max(1, Math.min(100, timeoutNanos / 2_000_000L));
        CompletableFuture.delayedExecutor(periodMs, java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> {
            if (running) {
                expireOverdue();
                scheduleWatchdog();
            }
        });
    }

    /** Stops the thread, forces everything and completes the waiting puts. */
    void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(30_000);
            thread = null;
        }
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
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        } else {
            f.complete(result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT, "flush thread not running"));
        }
        return f;
    }

    @Override
    public void run() {
        long lastForce = clock.nanoTime();
        while (running) {
            try {
                if (type == FlushDiskType.SYNC_FLUSH && !waiting.isEmpty()) {
                    expireOverdue();
                    Runnable hook = beforeForce;
                    if (hook != null) {
                        hook.run();
                    }
                    long flushed = commitLog.flush();
                    lastForce = clock.nanoTime();
                    expireOverdue(); // a force that outlived the deadline answers FLUSH_DISK_TIMEOUT, as RocketMQ does
                    completeCovered(flushed);
                    continue;
                }
                long now = clock.nanoTime();
                if (now - lastForce >= intervalNanos) {
                    commitLog.flush();
                    lastForce = now;
                }
                LockSupport.parkNanos(type == FlushDiskType.SYNC_FLUSH ? Math.min(intervalNanos, 10_000_000L)
                    : Math.max(1, intervalNanos - (clock.nanoTime() - lastForce)));
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                LOG.error("commit-log flush failed", e);
                diskFailure.accept("commit-log force failed (" + e + "); acknowledged durability cannot be"
                    + " guaranteed, puts are refused until the disk is fixed and the store restarted");
                LockSupport.parkNanos(100_000_000L);
            }
        }
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
     * Answers FLUSH_DISK_TIMEOUT to every put past its deadline. Called by the flush thread around each force and
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
