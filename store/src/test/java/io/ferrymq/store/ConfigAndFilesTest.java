package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAndFilesTest {
    @TempDir
    Path dir;

    @Test
    void defaultsFollowRocketMq() {
        MessageStoreConfig c = MessageStoreConfig.builder().build();
        assertEquals(1024 * 1024 * 1024, c.mappedFileSizeCommitLog());
        assertEquals(300_000 * 20, c.mappedFileSizeConsumeQueue());
        assertEquals(FlushDiskType.ASYNC_FLUSH, c.flushDiskType());
        assertEquals(72, c.fileReservedTime());
        assertEquals(List.of(4), c.deleteWhenHours());
        assertEquals(75, c.diskMaxUsedSpaceRatio());
        assertEquals(4 * 1024 * 1024, c.maxMessageSize());
        assertFalse(c.deleteOnlyConsumed());
    }

    @Test
    void fromPropertiesParsesAndRejectsUnknownKeysAndBadValues() {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", dir.toString());
        p.setProperty("flushDiskType", "SYNC_FLUSH");
        p.setProperty("deleteWhen", "04;16");
        p.setProperty("mappedFileSizeCommitLog", "8192");
        p.setProperty("maxMessageSize", "4096");
        MessageStoreConfig c = MessageStoreConfig.fromProperties(p);
        assertEquals(FlushDiskType.SYNC_FLUSH, c.flushDiskType());
        assertEquals(List.of(4, 16), c.deleteWhenHours());
        assertEquals(dir, c.storePathRootDir());

        p.setProperty("fileReservedTme", "1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MessageStoreConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("fileReservedTme"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'fileReservedTime'"), e.getMessage());
        p.remove("fileReservedTme");

        p.setProperty("diskMaxUsedSpaceRatio", "99");
        e = assertThrows(IllegalArgumentException.class, () -> MessageStoreConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("config 'diskMaxUsedSpaceRatio' = '99' is invalid: out of range (allowed: 10 .. 95)"), e.getMessage());
        p.remove("diskMaxUsedSpaceRatio");

        p.setProperty("deleteWhen", "25");
        e = assertThrows(IllegalArgumentException.class, () -> MessageStoreConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("'deleteWhen' = '25'"), e.getMessage());
        p.setProperty("deleteWhen", "4");

        p.setProperty("mappedFileSizeConsumeQueue", "30");
        e = assertThrows(IllegalArgumentException.class, () -> MessageStoreConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("multiple of 20"), e.getMessage());
        p.remove("mappedFileSizeConsumeQueue");

        p.setProperty("maxMessageSize", "8192");
        e = assertThrows(IllegalArgumentException.class, () -> MessageStoreConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("maxMessageSize"), e.getMessage());

        p.setProperty("maxMessageSize", "x");
        e = assertThrows(IllegalArgumentException.class, () -> MessageStoreConfig.fromProperties(p));
        assertEquals("config 'maxMessageSize' = 'x' is invalid: not an integer (allowed: 1024 .. 1073741824)",
            e.getMessage());
    }

    @Test
    void shutdownStopsEveryStoreThread() throws Exception {
        java.util.function.Supplier<Long> storeThreads = () -> Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("store-")).count();
        try (FileMessageStore s = StoreTestSupport.open(StoreTestSupport.smallConfig(dir).build())) {
            StoreTestSupport.put(s, StoreTestSupport.msg("T", 0, "x", ""));
            assertTrue(storeThreads.get() >= 3, "dispatch, flush and housekeeping threads run");
        }
        StoreTestSupport.pollUntil(() -> storeThreads.get() == 0, "store threads to stop");
    }

    @Test
    void atomicFileStoreReplacesContentWholeAndLeavesNoTempFile() throws Exception {
        AtomicFileStore f = new AtomicFileStore(dir.resolve("sub/offsets.json"));
        assertTrue(f.read().isEmpty());
        f.writeString("{\"a\":1}");
        assertEquals("{\"a\":1}", f.readString().orElseThrow());
        byte[] big = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        f.write(big);
        assertArrayEquals(big, f.read().orElseThrow());
        try (var s = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("offsets.json"), s.map(x -> x.getFileName().toString()).toList());
        }
        // a stale temp file from a crash mid-write does not affect readers and is overwritten next time
        Files.writeString(dir.resolve("sub/offsets.json.tmp"), "garbage");
        assertArrayEquals(big, f.read().orElseThrow());
        f.writeString("new");
        assertEquals("new", f.readString().orElseThrow());
        f.delete();
        assertTrue(f.read().isEmpty());
    }
}
