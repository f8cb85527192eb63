package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flush worker, stepped with a manual clock: when it forces, what it answers, and what a failed force does. */
class FlushWorkerStepTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> diskFailures = new ArrayList<>();
    private final List<Long> forceNanos = new ArrayList<>();

    private FlushWorker worker(StepTestLog log) {
        return new FlushWorker(log.commitLog, log.config, clock, timeouts, forceNanos::add, errors,
            diskFailures::add, faults);
    }

    private static PutResult stored(CommitLog.Appended a) {
        return new PutResult(PutStatus.PUT_OK, a.wroteOffset(), a.wroteBytes(), 0, 1, 0, List.of(), null);
    }

    @Test
    void asyncFlushForcesDirtyBytesOnceTheIntervalHasPassedOnTheClock() throws Exception {
        StepTestLog log = new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir).flushIntervalCommitLog(500)
            .flushDiskType(FlushDiskType.ASYNC_FLUSH));
        FlushWorker flush = worker(log);
        log.append("TopicA", 0, 0, StoreTestSupport.props(null, null, null));
        long end = log.commitLog.maxOffset();
        long before = log.commitLog.flushedOffset();
        assertTrue(before < end, "the appended bytes are dirty");

        clock.advance(499);
        assertEquals(0, flush.step(), "not due before flushIntervalCommitLog");
        assertEquals(before, log.commitLog.flushedOffset());

        clock.advance(1);
        assertEquals(1, flush.step(), "due once the interval has passed");
        assertEquals(end, log.commitLog.flushedOffset());

        assertEquals(0, flush.step(), "the next force waits for the next interval");
    }

    @Test
    void onlyForcesThatWroteSomethingReachTheFlushLatencySeries() throws Exception {
        StepTestLog log = new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir).flushIntervalCommitLog(500)
            .flushDiskType(FlushDiskType.ASYNC_FLUSH));
        FlushWorker flush = worker(log);
        log.append("TopicA", 0, 0, StoreTestSupport.props(null, null, null));

        clock.advance(500);
        assertEquals(1, flush.step());
        assertEquals(1, forceNanos.size(), "the force that wrote the dirty bytes is timed");

        clock.advance(500);
        flush.step();
        assertEquals(1, forceNanos.size(), "an interval with nothing dirty adds no latency sample");
    }

    @Test
    void syncFlushAnswersEveryPutItsGroupForceCovers() throws Exception {
        StepTestLog log = new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir)
            .flushDiskType(FlushDiskType.SYNC_FLUSH).syncFlushTimeout(5000));
        FlushWorker flush = worker(log);
        CommitLog.Appended a = log.append("TopicA", 0, 0, StoreTestSupport.props(null, null, null));
        CommitLog.Appended b = log.append("TopicA", 0, 1, StoreTestSupport.props(null, null, null));
        CompletableFuture<PutResult> first = flush.awaitFlush(a.wroteOffset() + a.wroteBytes(), stored(a));
        CompletableFuture<PutResult> second = flush.awaitFlush(b.wroteOffset() + b.wroteBytes(), stored(b));
        assertFalse(first.isDone() || second.isDone(), "nothing is answered before the force");

        assertEquals(1, flush.step());

        assertEquals(PutStatus.PUT_OK, first.join().status());
        assertEquals(PutStatus.PUT_OK, second.join().status());
        assertEquals(log.commitLog.maxOffset(), log.commitLog.flushedOffset());
    }

    @Test
    void aSyncPutNotForcedWithinSyncFlushTimeoutIsAnsweredFlushDiskTimeout() throws Exception {
        StepTestLog log = new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir)
            .flushDiskType(FlushDiskType.SYNC_FLUSH).syncFlushTimeout(1000));
        FlushWorker flush = worker(log);
        CommitLog.Appended a = log.append("TopicA", 0, 0, StoreTestSupport.props(null, null, null));
        CompletableFuture<PutResult> put = flush.awaitFlush(a.wroteOffset() + a.wroteBytes(), stored(a));

        clock.advance(1000);
        flush.expireOverdue(); // what the watchdog does while a force hangs

        assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, put.join().status());
        assertEquals(1, timeouts.get());
    }

    @Test
    void aFailedForceIsCountedAndTakesTheStoreOutOfService() throws Exception {
        StepTestLog log = new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir)
            .flushDiskType(FlushDiskType.SYNC_FLUSH));
        FlushWorker flush = worker(log);
        CommitLog.Appended a = log.append("TopicA", 0, 0, StoreTestSupport.props(null, null, null));
        CompletableFuture<PutResult> put = flush.awaitFlush(a.wroteOffset() + a.wroteBytes(), stored(a));
        flush.beforeForce = () -> {
            throw new IllegalStateException("device gone");
        };

        assertEquals(0, flush.step(), "a failed round did no work");

        assertEquals(1, faults.count("worker.store-flush.round_failed"));
        assertEquals(1, errors.get());
        assertEquals(1, diskFailures.size());
        assertTrue(diskFailures.get(0).contains("device gone"), diskFailures.get(0));
        assertFalse(put.isDone(), "the put waits for a later force or its deadline");
    }
}
