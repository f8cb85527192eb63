package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The store's periodic upkeep, one round per tick of the "store-housekeeping" {@link DutyCycleWorker}: measure the
 * put rate, force consume queues and write the checkpoint, unmap retired segments past their grace period, and
 * every cleanResourceInterval a {@link Retention} pass. A failed round is counted (in the store's background
 * errors and, by the worker, in the fault registry) and the next tick runs as usual.
 *
 * <p>Threads: rounds run on the worker's thread (or a test's, with {@link #step()}); {@link #checkpoint()} may
 * also be called by the facade (after a topic deletion).
 */
final class Housekeeping {
    private final MessageStoreConfig config;
    private final Clock clock;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final SegmentReclaimer reclaimer;
    private final Retention retention;
    private final StoreCounters counters;
    private final Path checkpointFile;
    private final DutyCycleWorker worker;
    private Dispatcher dispatcher;
    private long lastRetentionNanos = Long.MIN_VALUE; // worker thread only

    Housekeeping(MessageStoreConfig config, Clock clock, CommitLog commitLog, ConsumeQueueTable queues,
                 SegmentReclaimer reclaimer, Retention retention, StoreCounters counters, Path checkpointFile,
                 FaultRegistry faults) {
        this.config = config;
        this.clock = clock;
        this.commitLog = commitLog;
        this.queues = queues;
        this.reclaimer = reclaimer;
        this.retention = retention;
        this.counters = counters;
        this.checkpointFile = checkpointFile;
        long tick = Math.min(1000, Math.min(config.flushIntervalConsumeQueue(), config.cleanResourceInterval()));
        this.worker = DutyCycleWorker.periodic("store-housekeeping", clock, tick, this::round, faults);
    }

    /** Starts the ticks (the first one at once); the dispatcher is needed for the checkpoint. */
    void start(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
        worker.start();
    }

    /** Stops the ticks after the round in progress. */
    void stop() {
        worker.close();
    }

    /** Runs one tick on the caller's thread; for tests with an unstarted worker. */
    int step() {
        return worker.step();
    }

    private void round() throws IOException {
        try {
            long nowNanos = clock.nanoTime();
            counters.measureTps(nowNanos);
            checkpoint();
            reclaimer.reclaim(nowNanos, SegmentReclaimer.GRACE_NANOS);
            if (lastRetentionNanos == Long.MIN_VALUE) {
                lastRetentionNanos = nowNanos; // the first pass is one interval after start, as retention expects
            } else if (nowNanos - lastRetentionNanos >= config.cleanResourceInterval() * 1_000_000L) {
                lastRetentionNanos = nowNanos;
                retention.runOnce();
            }
        } catch (IOException | RuntimeException e) {
            counters.backgroundErrors.incrementAndGet();
            throw e;
        }
    }

    /**
     * Forces consume queues, then records the safe point. The index is not covered: it keeps its own progress
     * inside RocksDB (see {@link MessageIndex}) and start-up re-indexes from there.
     */
    void checkpoint() throws IOException {
        long dispatched = dispatcher.dispatchedOffset();
        long entries = queues.entrySum(); // read before the flush: every entry counted is forced below
        queues.forEach(ConsumeQueue::flush);
        new Checkpoint(commitLog.flushedOffset(), dispatched, false, entries).write(checkpointFile);
    }
}
