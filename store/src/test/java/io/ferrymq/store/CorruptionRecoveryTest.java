package io.ferrymq.store;

import static io.ferrymq.store.StoreTestSupport.msg;
import static io.ferrymq.store.StoreTestSupport.put;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 11 at the store (issue 15): files damaged while the broker was down. Whatever the damage, the store
 * starts, never serves a message that fails its CRC, counts what it found, and its consume queues agree with the
 * commit log again.
 */
class CorruptionRecoveryTest {
    @TempDir
    Path dir;
    private final FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);

    private FileMessageStore open() throws Exception {
        FileMessageStore s = new FileMessageStore(smallConfig(dir).mappedFileSizeCommitLog(64 * 1024)
            .mappedFileSizeConsumeQueue(20 * 64).build(), Clock.SYSTEM, p -> 0.1, ZoneOffset.UTC, faults);
        s.start();
        return s;
    }

    /** Stores {@code n} messages on T queue 0 and U queue 1; returns the puts of T. */
    private List<PutResult> fill(FileMessageStore s, int n) {
        List<PutResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PutResult r = put(s, msg("T", 0, "t-" + i + "-" + "p".repeat(i % 50), ""));
            assertEquals(PutStatus.PUT_OK, r.status());
            out.add(r);
            assertEquals(PutStatus.PUT_OK, put(s, msg("U", 1, "u-" + i, "")).status());
        }
        StoreTestSupport.pollUntil(() -> s.maxOffset("T", 0) == n && s.maxOffset("U", 1) == n, "dispatch");
        return out;
    }

    /** Every message of the queue as served, in order (corrupt ones are skipped by the store). */
    private static List<DecodedMessage> readAll(FileMessageStore s, String topic, int queueId) {
        List<DecodedMessage> out = new ArrayList<>();
        long q = s.minOffset(topic, queueId);
        long max = s.maxOffset(topic, queueId);
        while (q < max) {
            GetResult g = s.get(topic, queueId, q, 64, 1 << 22, null);
            for (ByteBuffer m : g.messages()) {
                assertTrue(MessageDecoder.check(m, 0, m.remaining(), true) > 0, "a served message fails its CRC");
                out.add(MessageDecoder.decode(m.duplicate()));
            }
            g.release();
            if (g.nextBeginOffset() <= q) {
                break;
            }
            q = g.nextBeginOffset();
        }
        return out;
    }

    private Path segmentOf(long offset) {
        long start = offset - offset % (64 * 1024);
        return dir.resolve("commitlog").resolve(MappedSegment.fileName(start));
    }

    @Test
    void aBitFlippedInAStoredBodyIsNeverServedAndIsCounted() throws Exception {
        PutResult victim;
        try (FileMessageStore s = open()) {
            List<PutResult> puts = fill(s, 300);
            victim = puts.get(123);
        }
        // flip one bit inside the victim's body, found by its text
        Path seg = segmentOf(victim.wroteOffset());
        byte[] bytes = Files.readAllBytes(seg);
        int pos = indexOf(bytes, "t-123-".getBytes(StandardCharsets.US_ASCII));
        assertTrue(pos > 0, "the victim's body is in its segment");
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(pos + 2);
            f.write(bytes[pos + 2] ^ 0x01);
        }
        try (FileMessageStore s = open()) {
            List<DecodedMessage> served = readAll(s, "T", 0);
            assertEquals(299, served.size(), "all but the corrupt one");
            assertTrue(served.stream().noneMatch(d -> d.queueOffset() == 123));
            assertEquals(1, faults.count(StoreReader.CORRUPT));
            assertNull(s.messageAt(victim.wroteOffset()), "not by offset either");
            assertEquals(300, readAll(s, "U", 1).size(), "other queues untouched");
        }
    }

    @Test
    void aBitFlipFoundByAFullRecoveryScanIsKeptAndDoesNotCutTheMessagesBehindIt() throws Exception {
        try (FileMessageStore s = open()) {
            fill(s, 300);
        }
        Path seg = segmentOf(0);
        byte[] bytes = Files.readAllBytes(seg);
        int pos = indexOf(bytes, "t-40-".getBytes(StandardCharsets.US_ASCII));
        assertTrue(pos > 0);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(pos + 2);
            f.write(bytes[pos + 2] ^ 0x01);
        }
        Files.delete(dir.resolve("checkpoint")); // no checkpoint: recovery scans the whole log with CRCs
        try (FileMessageStore s = open()) {
            assertEquals(1, faults.count(Recovery.CORRUPT_KEPT));
            List<DecodedMessage> served = readAll(s, "T", 0);
            assertEquals(299, served.size(), "everything behind the damaged entry survives");
            assertEquals(300, readAll(s, "U", 1).size());
            assertEquals(300, put(s, msg("T", 0, "after", "")).queueOffset());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aTruncatedCheckpointIsCountedAndTheStoreRecoversEverything() throws Exception {
        try (FileMessageStore s = open()) {
            fill(s, 200);
        }
        Path cp = dir.resolve("checkpoint");
        byte[] whole = Files.readAllBytes(cp);
        Files.write(cp, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (FileMessageStore s = open()) {
            assertEquals(1, faults.count(Recovery.CHECKPOINT_UNREADABLE));
            assertEquals(200, readAll(s, "T", 0).size());
            assertEquals(200, readAll(s, "U", 1).size());
            PutResult after = put(s, msg("T", 0, "after", ""));
            assertEquals(PutStatus.PUT_OK, after.status());
            assertEquals(200, after.queueOffset(), "queue offsets go on where they were");
        }
    }

    @Test
    void deletedConsumeQueueFilesAreRebuiltFromTheCommitLog() throws Exception {
        try (FileMessageStore s = open()) {
            fill(s, 200); // T queue 0 spans many consume-queue files of 64 entries
        }
        TmpDelete.recursively(dir.resolve("consumequeue").resolve("U"));
        Path tQueue = dir.resolve("consumequeue").resolve("T").resolve("0");
        Files.delete(tQueue.resolve(MappedSegment.fileName(20 * 64))); // a file in the middle of T's queue
        try (FileMessageStore s = open()) {
            assertEquals(1, faults.count(Recovery.QUEUES_REBUILT));
            List<DecodedMessage> t = readAll(s, "T", 0);
            assertEquals(200, t.size());
            for (int i = 0; i < t.size(); i++) {
                assertEquals(i, t.get(i).queueOffset());
                assertTrue(new String(t.get(i).body(), StandardCharsets.UTF_8).startsWith("t-" + i + "-"));
            }
            assertEquals(200, readAll(s, "U", 1).size());
            PutResult next = put(s, msg("U", 1, "next", ""));
            assertEquals(200, next.queueOffset(), "no queue offset is handed out twice");
            assertNotNull(s.messageAt(next.wroteOffset()));
        }
    }

    /** Recursive delete for test directories. */
    private static final class TmpDelete {
        static void recursively(Path p) throws java.io.IOException {
            try (var s = Files.walk(p)) {
                for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
