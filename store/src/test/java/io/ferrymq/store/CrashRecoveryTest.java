package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends in SYNC_FLUSH and reports every acknowledged put; the parent SIGKILLs it at a random moment,
 * reopens the store and checks that every acknowledged message is there and intact, that no stored message is
 * corrupt, and that the consume queue agrees with the commit log. 20 cycles.
 *
 * <p>The RocksDB index is written without a WAL (see {@link MessageIndex}). In even cycles the child runs with a
 * 64 KiB memtable, so RocksDB flushes many times per run and a kill loses the unflushed tail of the index at an
 * arbitrary batch; in odd cycles with the default 64 MiB, so nothing of the run's index is flushed and all of it
 * must be rebuilt from the index progress (the consume-queue checkpoint, written every 50 ms, is ahead of it). After each restart every acknowledged message of the killed run must be found by its KEYS entry and by
 * its UNIQ_KEY (plus a sample of older runs), and the run-wide key must find all of them.
 */
@Tag("slow")
class CrashRecoveryTest {
    @TempDir
    Path dir;

    /** Every child started, killed after the test whatever its outcome (a timeout interrupts the test midway). */
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        Map<Long, String> acked = new HashMap<>();
        Random rnd = new Random(42);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int totalAcks = 0;
        int indexChecks = 0;
        Path errFile = Files.createTempFile("crash-child", ".err");
        for (int cycle = 0; cycle < 20; cycle++) {
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-D" + MessageIndex.WRITE_BUFFER_PROPERTY + "=" + (cycle % 2 == 0 ? 64 * 1024 : 64 << 20), "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(),
                Integer.toString(cycle)).redirectError(errFile.toFile());
            Process p = pb.start();
            children.add(p);
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
            });
            reader.start();
            if (!ready.await(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child did not start in cycle " + cycle + ":\n"
                    + Files.readString(errFile));
            }
            // let it append for a random while, then SIGKILL (destroyForcibly on Linux)
            long killAt = System.nanoTime() + (100 + rnd.nextInt(500)) * 1_000_000L;
            while (System.nanoTime() < killAt) {
                Thread.onSpinWait();
                Thread.sleep(5);
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
            totalAcks += cycleAcks.size();
            acked.putAll(cycleAcks);

            try (FileMessageStore s = new FileMessageStore(StoreTestSupport.smallConfig(dir)
                .mappedFileSizeCommitLog(64 * 1024).mappedFileSizeConsumeQueue(20 * 1024)
                .flushDiskType(FlushDiskType.SYNC_FLUSH).build())) {
                s.start();
                long max = s.maxOffset("C", 0);
                for (Map.Entry<Long, String> e : acked.entrySet()) {
                    assertTrue(e.getKey() < max, "cycle " + cycle + ": acked offset " + e.getKey()
                        + " missing, queue max " + max);
                }
                // every stored message is intact and the consume queue agrees with the commit log
                long q = s.minOffset("C", 0);
                while (q < max) {
                    GetResult g = s.get("C", 0, q, 256, 1 << 22, null);
                    assertEquals(GetStatus.FOUND, g.status(), "cycle " + cycle + " offset " + q);
                    for (int i = 0; i < g.messageCount(); i++) {
                        ByteBuffer m = g.messages().get(i);
                        assertTrue(MessageDecoder.check(m, 0, m.remaining(), true) > 0, "corrupt message at " + q);
                        DecodedMessage d = MessageDecoder.decode(m.duplicate());
                        long qo = g.messageQueueOffsets().get(i);
                        assertEquals(qo, d.queueOffset());
                        ByteBuffer at = s.messageAt(d.commitLogOffset());
                        assertEquals(m, at, "consume queue entry points at the message itself");
                        String expected = acked.get(qo);
                        if (expected != null) {
                            assertEquals(expected, new String(d.body(), StandardCharsets.UTF_8), "offset " + qo);
                        }
                    }
                    q = g.nextBeginOffset();
                }
                // index lookups: every acknowledged message of the killed run, and a sample of older ones
                List<String> toCheck = new ArrayList<>(cycleAcks.values());
                List<String> older = new ArrayList<>(acked.values());
                older.removeAll(new HashSet<>(cycleAcks.values()));
                Collections.shuffle(older, rnd);
                toCheck.addAll(older.subList(0, Math.min(200, older.size())));
                for (String body : toCheck) {
                    String[] parts = body.split("-", 3); // "r<run>-<i>-q..."
                    String id = parts[0].substring(1) + "-" + parts[1];
                    assertLookup(body, s.queryByUniqKey("C", "u-" + id, 4), "cycle " + cycle + " uniq key u-" + id);
                    assertLookup(body, s.query("C", "k-" + id, 4, 0, Long.MAX_VALUE),
                        "cycle " + cycle + " key k-" + id);
                }
                QueryResult all = s.query("C", "run-" + cycle, Integer.MAX_VALUE, 0, Long.MAX_VALUE);
                Set<String> allBodies = new HashSet<>();
                for (ByteBuffer m : all.messages()) {
                    allBodies.add(new String(MessageDecoder.decode(m.duplicate()).body(), StandardCharsets.UTF_8));
                }
                assertTrue(allBodies.containsAll(cycleAcks.values()), "cycle " + cycle + ": key run-" + cycle
                    + " finds " + allBodies.size() + " messages, " + cycleAcks.size() + " acknowledged");
                indexChecks += toCheck.size();
            }
        }
        assertTrue(totalAcks > 100, "only " + totalAcks + " acknowledged puts in 20 cycles");
        assertTrue(indexChecks >= totalAcks, "index lookups " + indexChecks);
    }

    private static void assertLookup(String body, QueryResult r, String what) {
        assertEquals(1, r.messages().size(), what + " finds " + r.messages().size() + " messages");
        assertEquals(body, new String(MessageDecoder.decode(r.messages().get(0).duplicate()).body(),
            StandardCharsets.UTF_8), what);
    }
}
