package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block reserver, stepped: how far ahead it reserves, when the writer wakes it, and that it never clobbers data.
 */
class BlockReserverTest {
    private static final int CHUNK = MappedSegment.RESERVE_CHUNK;
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final AtomicLong errors = new AtomicLong();

    private StepTestLog log(int segmentSize) throws Exception {
        return new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir).mappedFileSizeCommitLog(segmentSize));
    }

    private BlockReserver reserver(StepTestLog log) {
        return new BlockReserver(log.commitLog, errors, new FaultRegistry(clock));
    }

    private static MappedSegment last(StepTestLog log) {
        return log.commitLog.segments().get(log.commitLog.segments().size() - 1);
    }

    @Test
    void reservesOneChunkPerRoundUntilTheLeadIsReservedAheadOfTheWriter() throws Exception {
        StepTestLog log = log(32 * CHUNK);
        CommitLog.Appended first = log.append("TopicA", 0, 0, "");
        assertEquals(CHUNK, last(log).reservedTo(), "the writer reserved its first chunk itself");
        BlockReserver r = reserver(log);
        assertEquals(0, r.doWork(), "not asked yet");
        r.request();
        int rounds = 0;
        while (r.doWork() > 0) {
            rounds++;
            assertEquals(CHUNK * (rounds + 1), last(log).reservedTo());
        }
        assertEquals(BlockReserver.LEAD / CHUNK, rounds);
        assertTrue(last(log).reservedTo() >= log.commitLog.maxOffset() + BlockReserver.LEAD);
        r.request();
        assertEquals(0, r.doWork(), "nothing more until the writer moves on");
        assertNotNull(log.commitLog.messageAt(first.wroteOffset()), "the reserved zeros left the message alone");
        assertEquals(0, errors.get());
    }

    @Test
    void theWriterWakesTheReserverOnlyWhenTheLeadRunsShort() throws Exception {
        StepTestLog log = log(32 * CHUNK);
        AtomicInteger wakeups = new AtomicInteger();
        log.commitLog.reserveAheadHook(wakeups::incrementAndGet);
        log.append("TopicA", 0, 0, "");
        assertEquals(1, wakeups.get(), "one chunk reserved by the writer is less than the lead");
        BlockReserver r = reserver(log);
        r.request();
        while (r.doWork() > 0) {
            // fill the lead
        }
        log.append("TopicA", 0, 1, "");
        assertEquals(1, wakeups.get(), "the lead is there: no wakeup");
        log.commitLog.reserveAheadHook(null);
    }

    @Test
    void aSlaveAppendingReplicatedBytesWakesTheReserverLikeTheWriter() throws Exception {
        StepTestLog master = log(32 * CHUNK);
        java.nio.ByteBuffer entry = master.commitLog.messageAt(master.append("TopicA", 0, 0, "").wroteOffset());
        StepTestLog slave = new StepTestLog(dir.resolve("slave"), clock,
            StoreTestSupport.smallConfig(dir.resolve("slave")).mappedFileSizeCommitLog(32 * CHUNK));
        AtomicInteger wakeups = new AtomicInteger();
        slave.commitLog.reserveAheadHook(wakeups::incrementAndGet);
        slave.commitLog.appendRaw(entry.duplicate());
        assertEquals(1, wakeups.get(), "the replicated bytes entered the first chunk with less than the lead");
        slave.commitLog.appendRaw(master.commitLog.messageAt(master.append("TopicA", 0, 1, "").wroteOffset()));
        assertEquals(1, wakeups.get(), "same chunk: no second wakeup");
        BlockReserver r = reserver(slave);
        r.request();
        assertTrue(r.doWork() > 0, "the reserver reserves ahead of the slave's appends");
        assertNotNull(slave.commitLog.messageAt(0), "the replicated entry is intact");
    }

    @Test
    void theWriterWakesTheReserverOncePerChunkItEnters() {
        assertTrue(CommitLog.entersNewChunk(0, 100), "the first bytes of a segment");
        assertTrue(!CommitLog.entersNewChunk(100, 200));
        assertTrue(!CommitLog.entersNewChunk(100, CHUNK), "ends exactly at the chunk end");
        assertTrue(CommitLog.entersNewChunk(CHUNK - 10, CHUNK + 10), "crosses into the next chunk");
        assertTrue(CommitLog.entersNewChunk(CHUNK, CHUNK + 10), "starts the next chunk");
        assertTrue(!CommitLog.entersNewChunk(CHUNK + 10, CHUNK + 20));
    }

    @Test
    void pollsWhileAppendsFlowAndStopsPollingAfterQuietRounds() throws Exception {
        StepTestLog log = log(32 * CHUNK);
        log.append("TopicA", 0, 0, "");
        BlockReserver r = reserver(log);
        assertTrue(!r.polling());
        assertEquals(Long.MAX_VALUE, r.millisUntilNextRound(), "idle: waits to be woken");
        r.request();
        assertTrue(r.doWork() > 0);
        assertTrue(r.polling());
        assertEquals(BlockReserver.POLL_MILLIS, r.millisUntilNextRound());
        while (r.doWork() > 0) {
            // fill the lead
        }
        for (int i = 1; i < BlockReserver.QUIET_ROUNDS; i++) {
            assertEquals(0, r.doWork());
            assertTrue(r.polling(), "still polling after " + i + " quiet rounds");
        }
        assertEquals(0, r.doWork());
        assertTrue(!r.polling(), "stopped polling");
        r.request();
        assertEquals(0, r.doWork(), "asked, but the lead is full");
    }

    @Test
    void stopsAtTheEndOfTheSegment() throws Exception {
        StepTestLog log = log(4 * CHUNK);
        log.append("TopicA", 0, 0, "");
        BlockReserver r = reserver(log);
        r.request();
        int rounds = 0;
        while (r.doWork() > 0) {
            rounds++;
        }
        assertEquals(3, rounds);
        assertEquals(4 * CHUNK, last(log).reservedTo());
    }

    @Test
    void afterARestartItReservesFromTheRecoveredEndWithoutTouchingStoredMessages() throws Exception {
        StepTestLog before = log(32 * CHUNK);
        long[] offsets = new long[50];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = before.append("TopicA", 0, i, "").wroteOffset();
        }
        long end = before.commitLog.maxOffset();
        before.commitLog.flush();
        StepTestLog after = log(32 * CHUNK); // a new process: nothing known to be reserved
        assertEquals(end, after.commitLog.maxOffset());
        assertEquals(0, last(after).reservedTo());
        BlockReserver r = reserver(after);
        r.request();
        while (r.doWork() > 0) {
            // fill the lead
        }
        assertTrue(last(after).reservedTo() >= end + BlockReserver.LEAD);
        for (long off : offsets) {
            assertNotNull(after.commitLog.messageAt(off), "message at " + off + " intact");
        }
    }

    @Test
    void aDeletedSegmentIsNotReserved() throws Exception {
        StepTestLog log = log(32 * CHUNK);
        log.append("TopicA", 0, 0, "");
        MappedSegment seg = last(log);
        seg.delete(null);
        BlockReserver r = reserver(log);
        r.request();
        assertEquals(0, r.doWork());
        assertEquals(CHUNK, seg.reservedTo());
        assertEquals(0, errors.get());
    }
}
