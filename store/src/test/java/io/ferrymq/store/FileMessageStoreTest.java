package io.ferrymq.store;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.Clock;
import static io.ferrymq.store.StoreTestSupport.msg;
import static io.ferrymq.store.StoreTestSupport.open;
import static io.ferrymq.store.StoreTestSupport.pollUntil;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.put;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.BatchCodec.BatchRecord;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMessageStoreTest {
    @TempDir
    Path dir;

    @Test
    void rollsOverSegmentsAndOfficialDecoderReadsEveryStoredMessage() throws Exception {
        MessageStoreConfig cfg = smallConfig(dir).build();
        List<long[]> dispatched = new CopyOnWriteArrayList<>();
        try (FileMessageStore s = new FileMessageStore(cfg, Clock.SYSTEM, p -> 0.1, java.time.ZoneOffset.UTC)) {
            s.addDispatchListener((t, q, off, tags, ts) -> dispatched.add(new long[] {q, off, tags}));
            s.start();
            for (int i = 0; i < 100; i++) {
                PutResult r = put(s, msg("TopicA", i % 2, "body-" + i + "-" + "x".repeat(100),
                    props("tag" + (i % 3), "key" + i, "UNIQ" + i)));
                assertEquals(PutStatus.PUT_OK, r.status(), r.reason());
                assertEquals(i / 2, r.queueOffset());
                assertEquals(io.ferrymq.common.message.MessageIds.createOffsetMsgId(StoreTestSupport.STORE_HOST,
                    r.wroteOffset()), r.msgId());
            }
            assertTrue(Files.list(cfg.commitLogDir()).count() > 3, "expected several 4 KiB segments");
            pollUntil(() -> s.maxOffset("TopicA", 0) == 50 && s.maxOffset("TopicA", 1) == 50, "dispatch");
            pollUntil(() -> dispatched.size() == 100, "listener calls");
            GetResult g = s.get("TopicA", 0, 0, 100, 1 << 20, MessageFilter.ALL);
            assertEquals(GetStatus.FOUND, g.status());
            assertEquals(50, g.messageCount());
            assertEquals(50, g.nextBeginOffset());
            for (int k = 0; k < 50; k++) {
                ByteBuffer slice = g.messages().get(k);
                MessageExt ext = org.apache.rocketmq.common.message.MessageDecoder.decode(slice.duplicate(), true,
                    true);
                assertNotNull(ext);
                int i = 2 * k;
                assertEquals("TopicA", ext.getTopic());
                assertEquals("body-" + i + "-" + "x".repeat(100), new String(ext.getBody(), StandardCharsets.UTF_8));
                assertEquals(k, ext.getQueueOffset());
                assertEquals("tag" + (i % 3), ext.getTags());
                assertEquals("key" + i, ext.getKeys());
                assertEquals(StoreTestSupport.STORE_HOST, ext.getStoreHost());
                assertEquals(StoreTestSupport.BORN, ext.getBornHost());
                assertEquals(slice.remaining(), ext.getStoreSize());
                ByteBuffer at = s.messageAt(ext.getCommitLogOffset());
                assertEquals(slice, at);
                assertEquals(at, s.messageByOffsetMsgId(ext.getMsgId()));
            }
            // a pull body is the stored bytes as they are: the official client-side batch decoder reads them all
            ByteBuffer body = ByteBuffer.allocate(g.totalBytes());
            g.messages().forEach(m -> body.put(m.duplicate()));
            body.flip();
            List<MessageExt> pulled = org.apache.rocketmq.common.message.MessageDecoder.decodesBatch(body, true,
                true, true);
            assertEquals(50, pulled.size());
            assertEquals(49, pulled.get(49).getQueueOffset());
            // a read of a bounded size returns at least one message and stops early
            GetResult small = s.get("TopicA", 1, 10, 100, 300, MessageFilter.ALL);
            assertEquals(1, small.messageCount());
            assertEquals(11, small.nextBeginOffset());
            assertEquals(GetStatus.OFFSET_OVERFLOW_ONE, s.get("TopicA", 1, 50, 10, 1 << 20, null).status());
            assertEquals(GetStatus.OFFSET_OVERFLOW_BADLY, s.get("TopicA", 1, 60, 10, 1 << 20, null).status());
            assertEquals(50, s.get("TopicA", 1, 60, 10, 1 << 20, null).nextBeginOffset());
            assertEquals(GetStatus.NO_MATCHED_LOGIC_QUEUE, s.get("Nope", 0, 0, 10, 1 << 20, null).status());
        }
        // restart: everything readable, queue offsets continue
        try (FileMessageStore s = open(cfg)) {
            assertEquals(50, s.maxOffset("TopicA", 0));
            PutResult r = put(s, msg("TopicA", 0, "after-restart", ""));
            assertEquals(50, r.queueOffset());
            pollUntil(() -> s.maxOffset("TopicA", 0) == 51, "dispatch after restart");
            GetResult g = s.get("TopicA", 0, 0, 1000, 1 << 20, MessageFilter.ALL);
            assertEquals(51, g.messageCount());
            DecodedMessage last = MessageDecoder.decode(g.messages().get(50).duplicate());
            assertEquals("after-restart", new String(last.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void batchPutStoresEachRecordWithConsecutiveOffsetsAndItsOwnProperties() throws Exception {
        try (FileMessageStore s = open(smallConfig(dir).build())) {
            put(s, msg("B", 0, "first", ""));
            List<BatchRecord> recs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                recs.add(BatchRecord.of(i, ("rec" + i).getBytes(StandardCharsets.UTF_8),
                    props("t" + i, "k" + i, "U" + i)));
            }
            PutResult r = s.putBatch(new BatchToStore("B", 0, recs, 0, 99L, StoreTestSupport.BORN,
                StoreTestSupport.STORE_HOST, 0)).join();
            assertEquals(PutStatus.PUT_OK, r.status(), r.reason());
            assertEquals(1, r.queueOffset());
            assertEquals(5, r.msgCount());
            assertEquals(5, r.msgIds().size());
            pollUntil(() -> s.maxOffset("B", 0) == 6, "dispatch");
            GetResult g = s.get("B", 0, 1, 32, 1 << 20, MessageFilter.ALL);
            assertEquals(5, g.messageCount());
            for (int i = 0; i < 5; i++) {
                DecodedMessage m = MessageDecoder.decode(g.messages().get(i).duplicate());
                assertEquals(1 + i, m.queueOffset());
                assertEquals(i, m.flag());
                assertEquals("U" + i, m.uniqKey());
                assertEquals("t" + i, m.tags());
                assertEquals(r.msgIds().get(i), m.msgId());
            }
            assertEquals(PutStatus.MESSAGE_ILLEGAL, s.putBatch(new BatchToStore("B", 0, List.of(), 0, 0,
                StoreTestSupport.BORN, StoreTestSupport.STORE_HOST, 0)).join().status());
        }
    }

    @Test
    void tagFilterSkipsEntriesAndReportsNoMatch() throws Exception {
        try (FileMessageStore s = open(smallConfig(dir).build())) {
            for (int i = 0; i < 10; i++) {
                put(s, msg("F", 0, "m" + i, props(i < 8 ? "a" : "b", null, null)));
            }
            pollUntil(() -> s.maxOffset("F", 0) == 10, "dispatch");
            GetResult g = s.get("F", 0, 0, 32, 1 << 20, MessageFilter.tags(Set.of("b")));
            assertEquals(GetStatus.FOUND, g.status());
            assertEquals(List.of(8L, 9L), g.messageQueueOffsets());
            assertEquals(10, g.nextBeginOffset());
            GetResult none = s.get("F", 0, 0, 32, 1 << 20, MessageFilter.tags(Set.of("zzz")));
            assertEquals(GetStatus.NO_MATCHED_MESSAGE, none.status());
            assertEquals(10, none.nextBeginOffset());
            assertEquals(10, s.get("F", 0, 0, 32, 1 << 20, MessageFilter.tags(Set.of("*"))).messageCount());
        }
    }

    @Test
    void offsetByTimeUsesStoreTimestamps() throws Exception {
        ManualClock clock = ManualClock.withRealNanoTime(1_700_000_000_000L);
        try (FileMessageStore s = open(smallConfig(dir).build(), clock, p -> 0.1)) {
            long t0 = clock.currentTimeMillis();
            for (int i = 0; i < 20; i++) {
                put(s, msg("T", 0, "m" + i, ""));
                clock.advance(i == 9 ? 0 : 1000); // messages 9 and 10 share a timestamp
            }
            pollUntil(() -> s.maxOffset("T", 0) == 20, "dispatch");
            assertEquals(t0, s.earliestStoreTime("T", 0));
            assertEquals(t0 + 5000, s.storeTimeAt("T", 0, 5));
            assertEquals(5, s.offsetByTime("T", 0, t0 + 5000, TimeBoundary.LOWER));
            assertEquals(5, s.offsetByTime("T", 0, t0 + 5000, TimeBoundary.UPPER));
            assertEquals(6, s.offsetByTime("T", 0, t0 + 5500, TimeBoundary.LOWER));
            assertEquals(5, s.offsetByTime("T", 0, t0 + 5500, TimeBoundary.UPPER));
            assertEquals(9, s.offsetByTime("T", 0, t0 + 9000, TimeBoundary.LOWER));
            assertEquals(10, s.offsetByTime("T", 0, t0 + 9000, TimeBoundary.UPPER));
            assertEquals(0, s.offsetByTime("T", 0, t0 - 1, TimeBoundary.LOWER));
            assertEquals(20, s.offsetByTime("T", 0, t0 + 1_000_000, TimeBoundary.LOWER));
            assertEquals(19, s.offsetByTime("T", 0, t0 + 1_000_000, TimeBoundary.UPPER));
        }
    }

    @Test
    void keyAndUniqKeyLookups() throws Exception {
        ManualClock clock = ManualClock.withRealNanoTime(1_700_000_000_000L);
        try (FileMessageStore s = open(smallConfig(dir).build(), clock, p -> 0.1)) {
            long t0 = clock.currentTimeMillis();
            for (int i = 0; i < 6; i++) {
                put(s, msg("K", 0, "m" + i, props(null, "order-" + (i % 2) + " all", "ID" + i)));
                put(s, msg("Other", 0, "o" + i, props(null, "all", "ID" + i)));
                clock.advance(1000);
            }
            pollUntil(() -> s.query("Other", "all", 10, 0, Long.MAX_VALUE).messages().size() == 6, "index");
            QueryResult q = s.query("K", "order-1", 10, 0, Long.MAX_VALUE);
            assertEquals(3, q.messages().size());
            for (ByteBuffer m : q.messages()) {
                assertTrue(MessageDecoder.decode(m.duplicate()).keys().contains("order-1"));
            }
            assertEquals(6, s.query("K", "all", 10, 0, Long.MAX_VALUE).messages().size());
            assertEquals(2, s.query("K", "all", 2, 0, Long.MAX_VALUE).messages().size());
            assertEquals(2, s.query("K", "all", 10, t0 + 1000, t0 + 2000).messages().size());
            QueryResult u = s.queryByUniqKey("K", "ID3", 10);
            assertEquals(1, u.messages().size());
            assertEquals("m3", new String(MessageDecoder.decode(u.messages().get(0).duplicate()).body(),
                StandardCharsets.UTF_8));
            assertTrue(u.indexLastUpdatePhyoffset() > 0);
            assertEquals(0, s.queryByUniqKey("K", "nope", 10).messages().size());
            s.deleteTopic("K");
            assertEquals(0, s.query("K", "all", 10, 0, Long.MAX_VALUE).messages().size());
            assertEquals(0, s.maxOffset("K", 0));
            assertEquals(6, s.query("Other", "all", 10, 0, Long.MAX_VALUE).messages().size());
        }
    }

    @Test
    void queueOffsetsCountPerQueueForLowAndHighQueueIdsAndRestartAfterTopicDeletion() throws Exception {
        try (FileMessageStore s = open(smallConfig(dir).build())) {
            int[] queueIds = {0, 9, 17, 5000}; // 17 grows the cached key array, 5000 is past the cache
            for (int round = 0; round < 3; round++) {
                for (int q : queueIds) {
                    assertEquals(round, put(s, msg("Q", q, "m", "")).queueOffset(), "queue " + q);
                }
            }
            assertEquals(0, put(s, msg("Q2", 9, "m", "")).queueOffset(), "another topic, same queue id");
            s.deleteTopic("Q");
            assertEquals(0, put(s, msg("Q", 9, "m", "")).queueOffset(), "a deleted topic starts again at 0");
            assertEquals(1, put(s, msg("Q2", 9, "m", "")).queueOffset());
        }
    }

    @Test
    void rejectsBadMessagesWithAStatus() throws Exception {
        try (FileMessageStore s = open(smallConfig(dir).build())) {
            assertEquals(PutStatus.MESSAGE_ILLEGAL, put(s, msg("T", 0, "x".repeat(3000), "")).status());
            assertEquals(PutStatus.PROPERTIES_SIZE_EXCEEDED,
                put(s, msg("T", 0, "x", "a\u0001" + "v".repeat(40_000) + "\u0002")).status());
            assertEquals(PutStatus.MESSAGE_ILLEGAL, put(s, msg("T", -1, "x", "")).status());
            PutResult badTopic = put(s, msg("../etc", 0, "x", ""));
            assertEquals(PutStatus.MESSAGE_ILLEGAL, badTopic.status());
            assertTrue(badTopic.reason().contains("'.'"), badTopic.reason());
            assertEquals(PutStatus.MESSAGE_ILLEGAL, put(s, msg("T\u0000", 0, "x", "")).status());
            assertEquals(PutStatus.MESSAGE_ILLEGAL, put(s, msg("T".repeat(256), 0, "x", "")).status());
            assertEquals(PutStatus.PUT_OK, put(s, msg("%RETRY%g1|x_y-Z9", 0, "x", "")).status());
            assertTrue(s.stats().putFailures() >= 6);
        }
        FileMessageStore closed = open(smallConfig(dir).build());
        closed.shutdown();
        closed.shutdown(); // idempotent
        PutResult r = put(closed, msg("T", 0, "x", ""));
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, r.status());
        assertTrue(r.reason().contains("shut down"), r.reason());
    }

    @Test
    void aStuckAppenderAnswersOsPageCacheBusy() throws Exception {
        try (FileMessageStore s = open(smallConfig(dir).build())) {
            s.appendLockForTest().lock();
            PutResult r;
            try {
                r = java.util.concurrent.CompletableFuture.supplyAsync(() -> put(s, msg("T", 0, "x", ""))).join();
            } finally {
                s.appendLockForTest().unlock();
            }
            assertEquals(PutStatus.OS_PAGE_CACHE_BUSY, r.status());
            assertTrue(r.status().retriable());
            assertEquals(PutStatus.PUT_OK, put(s, msg("T", 0, "x", "")).status());
        }
    }

    @Test
    void theStoreSaysWithoutWaitingHowLongTheAppendLockHasBeenHeld() throws Exception {
        ManualClock clock = new ManualClock();
        try (FileMessageStore s = open(smallConfig(dir).build(), clock, p -> 0.1)) {
            assertEquals(0, s.appendBusyNanos(), "no append in progress");
            long seenByAnotherThread = s.exclusiveForTest(queueOffsets -> {
                clock.advance(1500); // the holder is stuck on the disk for 1.5 s
                return java.util.concurrent.CompletableFuture.supplyAsync(s::appendBusyNanos).join();
            });
            assertEquals(1_500_000_000L, seenByAnotherThread);
            assertEquals(0, s.appendBusyNanos(), "released");
            assertEquals(PutStatus.PUT_OK, put(s, msg("T", 0, "x", "")).status());
            assertEquals(0, s.appendBusyNanos(), "a put releases it too");
            assertEquals(false, s.appendDoingFileIo(), "no segment being created or reserved");
        }
    }

    @Test
    void diskFullRefusesPutsButKeepsReads() throws Exception {
        double[] ratio = {0.5};
        MessageStoreConfig cfg = smallConfig(dir).build();
        try (FileMessageStore s = open(cfg, Clock.SYSTEM, p -> ratio[0])) {
            put(s, msg("D", 0, "before", ""));
            ratio[0] = 0.95;
            s.runRetention(); // disk check
            PutResult r = put(s, msg("D", 0, "during", ""));
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, r.status());
            assertTrue(r.reason().startsWith("disk full"), r.reason());
            assertTrue(s.stats().diskFull());
            pollUntil(() -> s.maxOffset("D", 0) == 1, "dispatch");
            assertEquals(1, s.get("D", 0, 0, 10, 1 << 20, null).messageCount());
            ratio[0] = 0.5;
            s.runRetention();
            assertEquals(PutStatus.PUT_OK, put(s, msg("D", 0, "after", "")).status());
        }
        // hard size limit
        Path other = dir.resolve("limited");
        try (FileMessageStore s = open(smallConfig(other).maxStoreSizeBytes(4096 * 2).build())) {
            int ok = 0;
            PutResult r;
            while ((r = put(s, msg("L", 0, "y".repeat(500), ""))).status() == PutStatus.PUT_OK) {
                ok++;
            }
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, r.status());
            assertTrue(r.reason().contains("maxStoreSizeBytes"), r.reason());
            assertTrue(ok >= 10, "stored " + ok);
            final int stored = ok;
            pollUntil(() -> s.maxOffset("L", 0) == stored, "dispatch");
            assertEquals(stored, s.get("L", 0, 0, 1000, 1 << 22, null).messageCount());
        }
    }

    @Test
    void syncFlushAcksAfterForceAndTimesOut() throws Exception {
        MessageStoreConfig cfg = smallConfig(dir).flushDiskType(FlushDiskType.SYNC_FLUSH).syncFlushTimeout(200)
            .build();
        try (FileMessageStore s = open(cfg)) {
            List<java.util.concurrent.CompletableFuture<PutResult>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fs.add(s.put(msg("S", 0, "m" + i, "")));
            }
            for (var f : fs) {
                PutResult r = f.join();
                assertEquals(PutStatus.PUT_OK, r.status());
                assertTrue(s.stats().commitLogMaxOffset() >= r.wroteOffset() + r.wroteBytes());
            }
            // a disk whose force takes longer than syncFlushTimeout (200 ms)
            s.flushWorker().beforeForce = () -> {
                long until = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            };
            PutResult slow = s.put(msg("S", 0, "slow", "")).join();
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, slow.status());
            assertTrue(slow.status().stored() && slow.status().retriable());
            pollUntil(() -> s.stats().flushTimeouts() >= 1, "timeout counted");
            s.flushWorker().beforeForce = null;
            long slowEnd = slow.wroteOffset() + slow.wroteBytes();
            pollUntil(() -> s.stats().commitLogFlushedOffset() >= slowEnd, "the slow force to finish");
            // a force that hangs: waiters are answered anyway, by the watchdog
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            s.flushWorker().beforeForce = () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            try {
                assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, s.put(msg("S", 0, "hung", "")).join().status());
            } finally {
                s.flushWorker().beforeForce = null;
                release.countDown();
            }
            assertEquals(PutStatus.PUT_OK, put(s, msg("S", 0, "next", "")).status());
            pollUntil(() -> s.maxOffset("S", 0) == 53, "dispatch");
            assertEquals("slow", new String(MessageDecoder.decode(s.get("S", 0, 50, 1, 1 << 20, null).messages()
                .get(0).duplicate()).body(), StandardCharsets.UTF_8), "a timed-out put is still stored");
            Map<String, String> noWait = Map.of("WAIT", "false");
            assertEquals(PutStatus.PUT_OK, put(s, msg("S", 0, "nowait", MessageProperties.encode(noWait))).status());
        }
    }

    @Test
    void replicationCopiesTheCommitLogAndTruncates() throws Exception {
        try (FileMessageStore master = open(smallConfig(dir.resolve("m")).build());
             FileMessageStore slave = open(smallConfig(dir.resolve("s")).build())) {
            for (int i = 0; i < 40; i++) {
                put(master, msg("R", i % 2, "r" + i + "z".repeat(150), props("t", "k" + i, null)));
            }
            long off = slave.commitLogMaxOffset();
            while (off < master.commitLogMaxOffset()) {
                ByteBuffer chunk = master.readCommitLog(off, 1000);
                assertNotNull(chunk);
                ReplicaAppendResult r = slave.appendReplicated(off, chunk);
                assertTrue(r.ok(), r.reason());
                off = r.commitLogMaxOffset();
            }
            assertEquals(master.commitLogMaxOffset(), slave.commitLogMaxOffset());
            assertTrue(!slave.appendReplicated(0, ByteBuffer.allocate(10)).ok());
            pollUntil(() -> slave.maxOffset("R", 0) == 20 && slave.maxOffset("R", 1) == 20, "slave dispatch");
            GetResult g = slave.get("R", 1, 0, 100, 1 << 20, null);
            assertEquals(20, g.messageCount());
            pollUntil(() -> slave.query("R", "k39", 10, 0, Long.MAX_VALUE).messages().size() == 1, "slave index");
            assertEquals(1, slave.query("R", "k7", 10, 0, Long.MAX_VALUE).messages().size());
            // truncate the slave back to the 10th message of queue 1
            long cut = MessageDecoder.decode(g.messages().get(10).duplicate()).commitLogOffset();
            slave.truncateCommitLog(cut);
            assertEquals(cut, slave.commitLogMaxOffset());
            assertEquals(10, slave.maxOffset("R", 1));
            assertTrue(slave.maxOffset("R", 0) <= 11);
            assertEquals(0, slave.query("R", "k39", 10, 0, Long.MAX_VALUE).messages().size());
            assertNull(slave.messageAt(cut));
        }
    }
}
