package io.ferrymq.broker.topic;

import io.ferrymq.common.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker's topic table: every change is persisted, versioned and announced; defining system topics is not. */
class TopicConfigTableTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private TopicConfigTable table() {
        return new TopicConfigTable(dir.resolve("topics.json"), clock);
    }

    @Test
    void aChangeBumpsTheVersionTellsTheListenersAndSurvivesAReload() {
        TopicConfigTable t = table();
        AtomicInteger announced = new AtomicInteger();
        t.addChangeListener(announced::incrementAndGet);
        long before = t.dataVersion().counter();

        clock.advance(5);
        t.put(TopicConfig.of("T", 8, Perm.READ_WRITE));

        assertEquals(before + 1, t.dataVersion().counter());
        assertEquals(clock.currentTimeMillis(), t.dataVersion().timestamp());
        assertEquals(1, announced.get(), "the registrar re-registers at once");
        TopicConfigTable reloaded = table();
        reloaded.load();
        assertEquals(8, reloaded.get("T").writeQueueNums());
        assertEquals(t.dataVersion(), reloaded.dataVersion(), "the version is persisted with the table");
    }

    @Test
    void puttingTheSameConfigAgainChangesNothing() {
        TopicConfigTable t = table();
        t.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        AtomicInteger announced = new AtomicInteger();
        t.addChangeListener(announced::incrementAndGet);
        DataVersion v = t.dataVersion();
        t.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        assertEquals(v, t.dataVersion());
        assertEquals(0, announced.get());
    }

    @Test
    void putIfAbsentKeepsTheConfigInForce() {
        TopicConfigTable t = table();
        TopicConfig first = t.putIfAbsent(TopicConfig.of("%RETRY%G", 1, Perm.READ_WRITE));
        TopicConfig second = t.putIfAbsent(TopicConfig.of("%RETRY%G", 3, Perm.READ_WRITE));
        assertSame(first, second);
        assertEquals(1, t.get("%RETRY%G").readQueueNums());
    }

    @Test
    void definingASystemTopicAtStartWritesAndAnnouncesNothing() {
        TopicConfigTable t = table();
        AtomicInteger announced = new AtomicInteger();
        t.addChangeListener(announced::incrementAndGet);
        t.putSystem(TopicConfig.of(TopicNames.SCHEDULE_TOPIC, 18, Perm.READ_WRITE));
        assertTrue(t.contains(TopicNames.SCHEDULE_TOPIC));
        assertEquals(0, announced.get());
        TopicConfigTable reloaded = table();
        reloaded.load();
        assertFalse(reloaded.contains(TopicNames.SCHEDULE_TOPIC), "putSystem itself writes nothing; system topics are defined again at every start");
    }

    @Test
    void deleteRemovesPersistsAndSaysWhetherItExisted() {
        TopicConfigTable t = table();
        t.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        assertTrue(t.delete("T"));
        assertFalse(t.delete("T"));
        assertNull(t.get("T"));
        TopicConfigTable reloaded = table();
        reloaded.load();
        assertNull(reloaded.get("T"));
    }
}
