package io.ferrymq.broker.offset;

import io.ferrymq.common.Clock;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerOffsetTableTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private final FaultRegistry faults = new FaultRegistry(clock);

    @Test
    void committedOffsetsSurviveAReload() throws Exception {
        Path file = dir.resolve("consumerOffsets.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file, 10_000, clock, faults);
        t.commit("G", "T", 0, 5);
        t.commit("G", "T", 1, 7);
        t.commit("H", "T", 0, 1);
        t.flush();
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("consumerOffsets.json.tmp")), "temp file renamed away");

        ConsumerOffsetTable reloaded = new ConsumerOffsetTable(file, 10_000, clock, faults);
        reloaded.load();
        assertEquals(5, reloaded.query("G", "T", 0));
        assertEquals(7, reloaded.query("G", "T", 1));
        assertEquals(-1, reloaded.query("G", "T", 2));
        assertEquals(Set.of("G", "H"), reloaded.groupsOf("T"));
        assertEquals(Set.of("T"), reloaded.topicsOf("G"));
    }

    @Test
    void topicsByGroupAgreesWithTopicsOfForEveryGroup() {
        ConsumerOffsetTable t = new ConsumerOffsetTable(dir.resolve("o.json"), 10_000, clock, faults);
        t.commit("G", "T", 0, 5);
        t.commit("G", "%RETRY%G", 0, 1);
        t.commit("H", "T", 1, 2);
        t.commit("H@x", "U", 0, 3);
        Map<String, Set<String>> all = t.topicsByGroup();
        assertEquals(Map.of("G", Set.of("T", "%RETRY%G"), "H", Set.of("T"), "x", Set.of("U@H")), all,
                "split at the last '@' as topicsOf does");
        for (String g : all.keySet()) {
            assertEquals(t.topicsOf(g), all.get(g), g);
        }
    }

    @Test
    void flusherWritesPeriodicallyAndOnShutdown() throws Exception {
        Path file = dir.resolve("o.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file, 20, Clock.SYSTEM, faults);
        t.start();
        t.commit("G", "T", 0, 3);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(file));
        t.commit("G", "T", 0, 9);
        t.shutdown();
        ConsumerOffsetTable r = new ConsumerOffsetTable(file, 20, Clock.SYSTEM, faults);
        r.load();
        assertEquals(9, r.query("G", "T", 0));
    }

    @Test
    void resetAndRemove() {
        ConsumerOffsetTable t = new ConsumerOffsetTable(dir.resolve("x.json"), 1000, clock, faults);
        t.commit("G", "T", 0, 10);
        t.recordPull("G", "T", 0, 12);
        t.reset("G", "T", Map.of(0, 2L));
        assertEquals(2, t.query("G", "T", 0));
        assertEquals(-1, t.pullOffset("G", "T", 0));
        t.removeGroup("G");
        assertEquals(-1, t.query("G", "T", 0));
    }

    @Test
    void aFailedWriteIsUnhealthyUntilALaterWriteSucceeds() throws Exception {
        Path file = dir.resolve("offsets.json");
        // A non-empty directory where the file should be: every write fails.
        Files.writeString(Files.createDirectories(file).resolve("blocker"), "x");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file, 1000, clock, faults);
        t.commit("G", "T", 0, 4);
        t.flushCounted();
        assertFalse(faults.healthy(), "a lost offsets write is reported, not only logged");
        assertEquals(1, faults.count(ConsumerOffsetTable.FAULT_PERSIST));

        Files.delete(file.resolve("blocker"));
        Files.delete(file);
        t.flushCounted();
        assertTrue(faults.healthy());
        ConsumerOffsetTable reloaded = new ConsumerOffsetTable(file, 1000, clock, faults);
        reloaded.load();
        assertEquals(4, reloaded.query("G", "T", 0));
    }
}
