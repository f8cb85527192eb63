package io.ferrymq.console.history;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.ferrymq.console.history.HistoryStoreTest.HOUR;
import static io.ferrymq.console.history.HistoryStoreTest.MINUTE;
import static io.ferrymq.console.history.HistoryStoreTest.T0;
import static io.ferrymq.console.history.HistoryStoreTest.WEEK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history file: what is saved comes back after a restart; a damaged file is set aside, logged and counted. */
class HistoryFileTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private final FaultRegistry faults = new FaultRegistry(clock);
    static final SeriesKey BACKLOG = new SeriesKey("local", SeriesKey.Kind.GROUP, "orders", "backlog");
    static final SeriesKey DISK = new SeriesKey("local", SeriesKey.Kind.BROKER, "127.0.0.1:10911", "diskRatio");

    HistoryStore store(long interval) {
        return new HistoryStore(interval, WEEK, 1 << 30, 1000, faults);
    }

    List<HistoryStore.Point> read(HistoryStore s, SeriesKey k, long from, long to) {
        return s.read(k.set(), k.kind(), k.name(), from, to, 10_000).getOrDefault(k.metric(), List.of());
    }

    @Test
    void whatIsSavedIsReadBackAfterARestart() throws IOException {
        HistoryStore before = store(MINUTE);
        for (int i = 0; i < 150; i++) {
            before.record(BACKLOG, T0 + i * MINUTE, i);
            before.record(DISK, T0 + i * MINUTE, 0.5);
        }
        before.maintain(T0 + 150 * MINUTE); // the first two hours of the disk ratio shrink to one float each
        new HistoryFile(dir, faults).save(before, T0 + 150 * MINUTE);

        HistoryStore after = store(MINUTE);
        assertEquals(2, new HistoryFile(dir, faults).load(after, T0 + 150 * MINUTE));
        assertEquals(read(before, BACKLOG, T0, T0 + 150 * MINUTE), read(after, BACKLOG, T0, T0 + 150 * MINUTE));
        assertEquals(150, read(after, DISK, T0, T0 + 150 * MINUTE).size());
        assertTrue(read(after, DISK, T0, T0 + 150 * MINUTE).stream().allMatch(p -> p.value() == 0.5));
        after.record(BACKLOG, T0 + 150 * MINUTE, 150); // sampling goes on where it stopped
        assertEquals(151, read(after, BACKLOG, T0, T0 + 151 * MINUTE).size());
        assertEquals(0, faults.count("history.file_unreadable"));
    }

    @Test
    void hoursPastTheRetentionAtLoadAreLeftOut() throws IOException {
        HistoryStore before = store(MINUTE);
        before.record(BACKLOG, T0, 1);
        before.record(BACKLOG, T0 + 3 * HOUR, 2);
        new HistoryFile(dir, faults).save(before, T0 + 3 * HOUR);
        HistoryStore after = store(MINUTE);
        new HistoryFile(dir, faults).load(after, T0 + WEEK + 2 * HOUR);
        assertEquals(List.of(new HistoryStore.Point(T0 + 3 * HOUR, 2, 2)),
                read(after, BACKLOG, T0 + 2 * HOUR, T0 + WEEK + 2 * HOUR));
    }

    @Test
    void aDamagedFileIsSetAsideCountedAndTheHistoryStartsEmpty() throws IOException {
        HistoryStore before = store(MINUTE);
        for (int i = 0; i < 100; i++) {
            before.record(BACKLOG, T0 + i * MINUTE, i * 7);
        }
        HistoryFile file = new HistoryFile(dir, faults);
        file.save(before, T0);
        byte[] bytes = Files.readAllBytes(file.path());
        bytes[bytes.length / 2] ^= 0x5a; // a flipped byte in the middle
        Files.write(file.path(), bytes);

        HistoryStore after = store(MINUTE);
        assertEquals(0, file.load(after, T0));
        assertEquals(0, after.size());
        assertEquals(1, faults.count("history.file_unreadable"));
        assertFalse(Files.exists(file.path()));
        try (Stream<Path> l = Files.list(file.path().getParent())) {
            assertEquals(1, l.filter(p -> p.getFileName().toString().startsWith("history.bin.unreadable-")).count());
        }
        file.save(after, T0); // and the next save writes a good file again
        assertEquals(0, file.load(store(MINUTE), T0));
        assertEquals(1, faults.count("history.file_unreadable"));
    }

    @Test
    void aTruncatedOrForeignFileIsUnreadableToo() throws IOException {
        HistoryFile file = new HistoryFile(dir, faults);
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "not a history file");
        assertEquals(0, file.load(store(MINUTE), T0));
        HistoryStore s = store(MINUTE);
        s.record(BACKLOG, T0, 1);
        file.save(s, T0);
        byte[] bytes = Files.readAllBytes(file.path());
        Files.write(file.path(), java.util.Arrays.copyOf(bytes, bytes.length - 6));
        assertEquals(0, file.load(store(MINUTE), T0));
        assertEquals(2, faults.count("history.file_unreadable"));
    }

    @Test
    void aFileSampledAtAnotherIntervalIsNotMisread() throws IOException {
        HistoryStore s = store(MINUTE);
        s.record(BACKLOG, T0, 1);
        HistoryFile file = new HistoryFile(dir, faults);
        file.save(s, T0);
        assertEquals(0, file.load(store(10_000), T0));
        assertEquals(1, faults.count("history.file_unreadable"));
        assertTrue(faults.snapshot().get(0).lastMessage().contains("history.sampleIntervalMillis"),
                faults.snapshot().toString());
    }

    @Test
    void theFileIsReplacedWholeNoTemporaryFileStays() throws IOException {
        HistoryStore s = store(MINUTE);
        s.record(BACKLOG, T0, 1);
        HistoryFile file = new HistoryFile(dir, faults);
        file.save(s, T0);
        s.record(BACKLOG, T0 + MINUTE, 2);
        file.save(s, T0 + MINUTE);
        try (Stream<Path> l = Files.list(file.path().getParent())) {
            assertEquals(List.of("history.bin"), l.map(p -> p.getFileName().toString()).toList());
        }
        HistoryStore after = store(MINUTE);
        file.load(after, T0 + MINUTE);
        assertEquals(2, read(after, BACKLOG, T0, T0 + 2 * MINUTE).size());
    }
}
