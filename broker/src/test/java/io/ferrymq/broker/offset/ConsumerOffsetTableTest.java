package io.ferrymq.broker.offset;

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

    @Test
    void committedOffsetsSurviveAReload() throws Exception {
        Path file = dir.resolve("consumerOffsets.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file, 10_000);
        t.commit("G", "T", 0, 5);
        t.commit("G", "T", 1, 7);
        t.commit("H", "T", 0, 1);
        t.flush();
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("consumerOffsets.json.tmp")), "temp file renamed away");

        ConsumerOffsetTable reloaded = new ConsumerOffsetTable(file, 10_000);
        reloaded.load();
        assertEquals(5, reloaded.query("G", "T", 0));
        assertEquals(7, reloaded.query("G", "T", 1));
        assertEquals(-1, reloaded.query("G", "T", 2));
        assertEquals(Set.of("G", "H"), reloaded.groupsOf("T"));
        assertEquals(Set.of("T"), reloaded.topicsOf("G"));
    }

    @Test
    void flusherWritesPeriodicallyAndOnShutdown() throws Exception {
        Path file = dir.resolve("o.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file, 20);
        t.start();
        t.commit("G", "T", 0, 3);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(file));
        t.commit("G", "T", 0, 9);
        t.shutdown();
        ConsumerOffsetTable r = new ConsumerOffsetTable(file, 20);
        r.load();
        assertEquals(9, r.query("G", "T", 0));
    }

    @Test
    void resetAndRemove() {
        ConsumerOffsetTable t = new ConsumerOffsetTable(dir.resolve("x.json"), 1000);
        t.commit("G", "T", 0, 10);
        t.recordPull("G", "T", 0, 12);
        t.reset("G", "T", Map.of(0, 2L));
        assertEquals(2, t.query("G", "T", 0));
        assertEquals(-1, t.pullOffset("G", "T", 0));
        t.removeGroup("G");
        assertEquals(-1, t.query("G", "T", 0));
    }
}
