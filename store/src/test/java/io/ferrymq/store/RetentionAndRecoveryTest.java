package io.ferrymq.store;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.Clock;
import static io.ferrymq.store.StoreTestSupport.msg;
import static io.ferrymq.store.StoreTestSupport.open;
import static io.ferrymq.store.StoreTestSupport.pollUntil;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.put;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAndRecoveryTest {
    @TempDir
    Path dir;

    private static String hourNow(Clock c) {
        return Integer.toString(Instant.ofEpochMilli(c.currentTimeMillis()).atZone(ZoneOffset.UTC).getHour());
    }

    private static void fill(MessageStore s, String topic, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(PutStatus.PUT_OK, put(s, msg(topic, 0, "m" + i + "-" + "p".repeat(180), "")).status());
        }
    }

    @Test
    void expiredSegmentsAreDeletedAtDeleteWhenAndMinOffsetsMove() throws Exception {
        ManualClock clock = ManualClock.withRealNanoTime(1_700_000_000_000L);
        MessageStoreConfig cfg = smallConfig(dir).fileReservedTime(1).deleteWhen(hourNow(clock)).build();
        try (FileMessageStore s = open(cfg, clock, p -> 0.1)) {
            fill(s, "R", 60);
            pollUntil(() -> s.maxOffset("R", 0) == 60, "dispatch");
            assertEquals(0, s.runRetention(), "nothing is old enough yet");
            clock.advance(30 * 60_000L); // still in the same hour? keep the hour: deleteWhen is re-set below
            long segmentsBefore = Files.list(cfg.commitLogDir()).count();
            assertTrue(segmentsBefore >= 3);
            clock.advance(24 * 3_600_000L); // one day later, same hour of day
            int deleted = s.runRetention();
            assertEquals(segmentsBefore - 1, deleted, "every segment but the current one");
            assertEquals(1, Files.list(cfg.commitLogDir()).count());
            assertTrue(s.commitLogMinOffset() > 0);
            long min = s.minOffset("R", 0);
            assertTrue(min > 0 && min < 60, "min offset moved to " + min);
            GetResult tooSmall = s.get("R", 0, 0, 10, 1 << 20, null);
            assertEquals(GetStatus.OFFSET_TOO_SMALL, tooSmall.status());
            assertEquals(min, tooSmall.nextBeginOffset());
            GetResult rest = s.get("R", 0, min, 100, 1 << 20, null);
            assertEquals(60 - min, rest.messageCount());
            assertEquals(min, MessageDecoder.decode(rest.messages().get(0).duplicate()).queueOffset());
            assertEquals(segmentsBefore - 1, s.stats().deletedSegments());
            assertEquals((segmentsBefore - 1) * (long) cfg.mappedFileSizeCommitLog(), s.stats().deletedBytes(),
                "bytes deleted are whole segment files");
            // unmapping the deleted segments (disk space is freed) leaves live segments and queues intact
            assertTrue(s.reclaimRetiredSegmentsNow() >= segmentsBefore - 1);
            assertEquals(60 - min, s.get("R", 0, min, 100, 1 << 20, null).messageCount());
            fill(s, "R", 1);
        }
        try (FileMessageStore s = open(cfg, clock, p -> 0.1)) {
            assertTrue(s.minOffset("R", 0) > 0, "min offset survives a restart");
            assertEquals(61, s.maxOffset("R", 0));
        }
    }

    @Test
    void anOperatorsPassDeletesExpiredSegmentsOutsideDeleteWhenAndLeavesQueuesCleanAndTopicsListed()
            throws Exception {
        ManualClock clock = ManualClock.withRealNanoTime(1_700_000_000_000L);
        int otherHour = (Instant.ofEpochMilli(clock.currentTimeMillis()).atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        MessageStoreConfig cfg = smallConfig(dir).fileReservedTime(1).deleteWhen(Integer.toString(otherHour)).build();
        try (FileMessageStore s = open(cfg, clock, p -> 0.1)) {
            fill(s, "R", 60);
            pollUntil(() -> s.maxOffset("R", 0) == 60, "dispatch");
            assertEquals(java.util.Set.of("R"), s.topicsWithQueues());
            assertEquals(0, s.deleteExpiredFilesNow(), "nothing is older than fileReservedTime yet");
            clock.advance(2 * 3_600_000L);
            assertEquals(0, s.runRetention(), "the periodic pass waits for a deleteWhen hour");
            long segmentsBefore = Files.list(cfg.commitLogDir()).count();
            assertEquals(segmentsBefore - 1, s.deleteExpiredFilesNow(), "an operator's pass deletes them now");
            long min = s.minOffset("R", 0);
            assertTrue(min > 0 && min < 60, "the queue was cut with the log: " + min);
            assertEquals(0, s.cleanExpiredConsumeQueues(), "nothing left below the log's first offset");
            assertEquals(min, s.minOffset("R", 0));
            assertEquals(60 - min, s.get("R", 0, min, 100, 1 << 20, null).messageCount());
        }
    }

    @Test
    void deleteOnlyConsumedKeepsUnconsumedSegmentsAndDefaultModeCountsThem() throws Exception {
        ManualClock clock = ManualClock.withRealNanoTime(1_700_000_000_000L);
        MessageStoreConfig cfg = smallConfig(dir).fileReservedTime(1).deleteWhen(hourNow(clock))
            .deleteOnlyConsumed(true).build();
        AtomicLong committed = new AtomicLong(0);
        ConsumedOffsetsView view = () -> List.of(new ConsumedOffsetsView.CommittedOffset("g1", "R", 0,
            committed.get()));
        try (FileMessageStore s = open(cfg, clock, p -> 0.1)) {
            s.setConsumedOffsetsView(view);
            fill(s, "R", 60);
            pollUntil(() -> s.maxOffset("R", 0) == 60, "dispatch");
            clock.advance(24 * 3_600_000L);
            assertEquals(0, s.runRetention(), "group g1 has consumed nothing");
            committed.set(60);
            assertTrue(s.runRetention() > 0, "all consumed now");
            assertEquals(0, s.stats().unconsumedMessagesDeleted());
        }
        Path d2 = dir.resolve("default-mode");
        MessageStoreConfig cfg2 = smallConfig(d2).fileReservedTime(1).deleteWhen(hourNow(clock)).build();
        try (FileMessageStore s = open(cfg2, clock, p -> 0.1)) {
            committed.set(0);
            s.setConsumedOffsetsView(view);
            fill(s, "R", 60);
            pollUntil(() -> s.maxOffset("R", 0) == 60, "dispatch");
            clock.advance(24 * 3_600_000L);
            assertTrue(s.runRetention() > 0);
            long lost = s.stats().unconsumedMessagesDeleted();
            assertEquals(s.minOffset("R", 0), lost, "every deleted message was unconsumed by g1");
        }
    }

    @Test
    void diskPressureDeletesTheOldestSegmentEvenIfNotExpired() throws Exception {
        ManualClock clock = ManualClock.withRealNanoTime(1_700_000_000_000L);
        double[] ratio = {0.5};
        int otherHour = (Integer.parseInt(hourNow(clock)) + 12) % 24;
        MessageStoreConfig cfg = smallConfig(dir).deleteWhen(Integer.toString(otherHour)).build();
        try (FileMessageStore s = open(cfg, clock, p -> ratio[0])) {
            fill(s, "P", 60);
            pollUntil(() -> s.maxOffset("P", 0) == 60, "dispatch");
            assertEquals(0, s.runRetention());
            ratio[0] = 0.8;
            assertEquals(1, s.runRetention());
            assertEquals(1, s.runRetention(), "one segment per pass under pressure");
            assertTrue(s.minOffset("P", 0) > 0);
        }
    }

    private static long[] segmentStarts(Path commitLogDir) throws Exception {
        try (var st = Files.list(commitLogDir)) {
            return st.map(p -> Long.parseLong(p.getFileName().toString())).sorted().mapToLong(Long::longValue)
                .toArray();
        }
    }

    @Test
    void recoveryCutsATornTailAndTheStoreKeepsWorking() throws Exception {
        MessageStoreConfig cfg = smallConfig(dir).build();
        long lastOffset;
        try (FileMessageStore s = open(cfg)) {
            fill(s, "C", 30);
            lastOffset = s.put(msg("C", 0, "last", "")).join().wroteOffset();
        }
        Files.delete(dir.resolve("checkpoint")); // as after a crash before any checkpoint
        long[] starts = segmentStarts(cfg.commitLogDir());
        Path last = cfg.commitLogDir().resolve(String.format("%020d", starts[starts.length - 1]));
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(lastOffset - starts[starts.length - 1] + 50); // cut inside the last message
        }
        try (FileMessageStore s = open(cfg)) {
            assertEquals(lastOffset, s.commitLogMaxOffset());
            assertEquals(30, s.maxOffset("C", 0));
            assertNull(s.messageAt(lastOffset));
            PutResult r = put(s, msg("C", 0, "again", ""));
            assertEquals(30, r.queueOffset());
            assertEquals(lastOffset, r.wroteOffset());
            pollUntil(() -> s.maxOffset("C", 0) == 31, "dispatch");
            GetResult g = s.get("C", 0, 0, 100, 1 << 20, null);
            assertEquals(31, g.messageCount());
            assertEquals("again", new String(MessageDecoder.decode(g.messages().get(30).duplicate()).body(),
                StandardCharsets.UTF_8));
        }
    }

    @Test
    void recoveryTruncatesAtACorruptMessageWithNothingValidBehindIt() throws Exception {
        MessageStoreConfig cfg = smallConfig(dir).build();
        long corruptAt;
        try (FileMessageStore s = open(cfg)) {
            fill(s, "C", 60);
            pollUntil(() -> s.maxOffset("C", 0) == 60, "dispatch");
            GetResult g = s.get("C", 0, 59, 1, 1 << 20, null); // the last one: a torn tail
            corruptAt = MessageDecoder.decode(g.messages().get(0).duplicate()).commitLogOffset();
        }
        Files.delete(dir.resolve("checkpoint"));
        int seg = cfg.mappedFileSizeCommitLog();
        Path file = cfg.commitLogDir().resolve(String.format("%020d", corruptAt - corruptAt % seg));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long bodyPos = corruptAt % seg + 100; // inside the body of message 59
            f.seek(bodyPos);
            int b = f.read();
            f.seek(bodyPos);
            f.write(b ^ 0x5A);
        }
        try (FileMessageStore s = open(cfg)) {
            assertEquals(corruptAt, s.commitLogMaxOffset());
            assertEquals(59, s.maxOffset("C", 0), "consume queue cut to match");
            GetResult g = s.get("C", 0, 0, 100, 1 << 20, null);
            assertEquals(59, g.messageCount());
            for (var m : g.messages()) {
                assertTrue(MessageDecoder.check(m, 0, m.remaining(), true) > 0);
            }
            assertEquals(59, put(s, msg("C", 0, "new", "")).queueOffset());
            pollUntil(() -> s.maxOffset("C", 0) == 60, "dispatch");
            DecodedMessage m = MessageDecoder.decode(s.get("C", 0, 59, 1, 1 << 20, null).messages().get(0).duplicate());
            assertEquals("new", new String(m.body(), StandardCharsets.UTF_8));
            assertNotNull(s.messageAt(corruptAt));
        }
    }
}
