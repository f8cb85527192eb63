package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 4 at the store (issue 15): power loss under SYNC_FLUSH. A child JVM ({@link CrashChild}) appends with the
 * forced-offset hook on ({@link ForcedOffsetRecorder}); the parent SIGKILLs it, then does what a power cut does to
 * the commit log: everything after the last forced offset is gone, and the bytes there are whatever the disk held
 * (garbage). The reopened store must hold every acknowledged message intact, serve nothing corrupt, and keep its
 * consume queue consistent with the commit log. 8 cycles.
 */
@Tag("slow")
class PowerLossTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withSyncFlushNothingAcknowledgedIsLostWhenTheUnforcedTailIsReplacedByGarbage() throws Exception {
        Map<Long, String> acked = new HashMap<>();
        Random rnd = new Random(7);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path forcedFile = dir.resolve("forced-offset");
        Path errFile = Files.createTempFile("power-loss-child", ".err");
        int totalAcks = 0;
        for (int cycle = 0; cycle < 8; cycle++) {
            Files.deleteIfExists(forcedFile);
            Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-D" + ForcedOffsetRecorder.PROPERTY + "=" + forcedFile, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.resolve("store").toString(), Integer.toString(cycle))
                .redirectError(errFile.toFile()).start();
            Map<Long, String> cycleAcks = new ConcurrentHashMap<>();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("READY")) {
                            ready.countDown();
                        } else if (line.startsWith("ACK ")) {
                            String[] parts = line.split(" ", 3);
                            cycleAcks.put(Long.parseLong(parts[1]), parts[2]);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // killed
                }
            }, "power-loss-reader");
            reader.start();
            try {
                assertTrue(ready.await(30, TimeUnit.SECONDS), "child started: " + Files.readString(errFile));
                long killAt = System.nanoTime() + (100 + rnd.nextInt(400)) * 1_000_000L;
                while (System.nanoTime() < killAt) {
                    Thread.sleep(5);
                }
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            reader.join(10_000);
            long forced = ForcedOffsetRecorder.read(forcedFile);
            assertTrue(forced >= 0, "the hook recorded a forced offset");
            cutLikeAPowerLoss(dir.resolve("store").resolve("commitlog"), forced, 64 * 1024, rnd);
            totalAcks += cycleAcks.size();
            acked.putAll(cycleAcks);

            try (FileMessageStore s = new FileMessageStore(StoreTestSupport.smallConfig(dir.resolve("store"))
                .mappedFileSizeCommitLog(64 * 1024).mappedFileSizeConsumeQueue(20 * 1024)
                .flushDiskType(FlushDiskType.SYNC_FLUSH).build())) {
                s.start();
                assertTrue(s.commitLogMaxOffset() <= forced, "cycle " + cycle + ": nothing past the cut survives ("
                    + s.commitLogMaxOffset() + " > " + forced + ")");
                long max = s.maxOffset("C", 0);
                for (Map.Entry<Long, String> e : acked.entrySet()) {
                    assertTrue(e.getKey() < max, "cycle " + cycle + ": acknowledged offset " + e.getKey()
                        + " lost, queue max " + max);
                }
                long q = s.minOffset("C", 0);
                while (q < max) {
                    GetResult g = s.get("C", 0, q, 256, 1 << 22, null);
                    assertEquals(GetStatus.FOUND, g.status(), "cycle " + cycle + " offset " + q);
                    for (int i = 0; i < g.messageCount(); i++) {
                        ByteBuffer m = g.messages().get(i);
                        DecodedMessage d = MessageDecoder.decode(m.duplicate());
                        long qo = g.messageQueueOffsets().get(i);
                        assertEquals(qo, d.queueOffset(), "the consume queue agrees with the commit log");
                        String expected = acked.get(qo);
                        if (expected != null) {
                            assertEquals(expected, new String(d.body(), StandardCharsets.UTF_8), "offset " + qo);
                        }
                    }
                    q = g.nextBeginOffset();
                    g.release();
                }
                // what the cut removed is forgotten: later runs reuse those queue offsets
                acked.keySet().removeIf(o -> o >= max);
            }
        }
        assertTrue(totalAcks > 50, "only " + totalAcks + " acknowledged puts in 8 cycles");
    }

    /** Zeroes the commit log from {@code forced} on, writes garbage there and deletes every later segment. */
    private static void cutLikeAPowerLoss(Path commitLogDir, long forced, int segmentSize, Random rnd)
        throws Exception {
        List<Path> segments;
        try (Stream<Path> s = Files.list(commitLogDir)) {
            segments = s.filter(f -> MappedSegment.isSegmentName(f.getFileName().toString())).sorted().toList();
        }
        for (Path seg : segments) {
            long start = Long.parseLong(seg.getFileName().toString());
            if (start >= forced) { // holds nothing forced
                Files.delete(seg);
                continue;
            }
            if (forced < start + segmentSize) {
                try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                    int pos = (int) (forced - start);
                    f.seek(pos);
                    f.write(new byte[segmentSize - pos]);
                    byte[] garbage = new byte[Math.min(segmentSize - pos, 200 + rnd.nextInt(800))];
                    rnd.nextBytes(garbage);
                    f.seek(pos);
                    f.write(garbage);
                }
            }
        }
    }
}
