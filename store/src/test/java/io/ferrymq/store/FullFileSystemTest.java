package io.ferrymq.store;

import io.ferrymq.testkit.TmpfsMount;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import static io.ferrymq.store.StoreTestSupport.msg;
import static io.ferrymq.store.StoreTestSupport.pollUntil;
import static io.ferrymq.store.StoreTestSupport.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 10 at the store (issue 15): a store on a real, really full tmpfs. The disk check is blind until the first
 * write meets ENOSPC, so puts run into the full file system itself: the reservation before each mapped write must turn
 * ENOSPC into a refused put. Without it the next store into a sparse segment would be a SIGBUS and this JVM
 * would die. Run under both flush types: SYNC_FLUSH appends to the commit log with pwrite, ASYNC_FLUSH through the
 * mapping. Needs root (mount); skipped with the reason otherwise.
 */
class FullFileSystemTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FlushDiskType.class) // ASYNC_FLUSH stores through the mapping, SYNC_FLUSH writes with pwrite
    void aFullTmpfsRefusesPutsWithoutKillingTheJvmKeepsReadsAndAcceptsPutsOnceSpaceIsFreed(FlushDiskType flush)
        throws Exception {
        Object m = TmpfsMount.tryMount(dir.resolve("tmpfs"), 24L << 20);
        if (m instanceof String why) {
            System.out.println("[FullFileSystemTest] skipped: " + why);
            Assumptions.abort(why);
        }
        try (TmpfsMount tmpfs = (TmpfsMount) m) {
            FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);
            MessageStoreConfig cfg = MessageStoreConfig.builder().storePathRootDir(tmpfs.dir().resolve("store"))
                .mappedFileSizeCommitLog(16 << 20).mappedFileSizeConsumeQueue(20 * 100_000).maxMessageSize(128 * 1024)
                .flushIntervalCommitLog(10).cleanResourceInterval(3_600_000).flushDiskType(flush).build();
            // the guard is blind until a write met ENOSPC, so the write path itself must cope with the full disk;
            // after that it measures the real file system (and sees the space freed)
            DiskUsage blindUntilOutOfSpace = new DiskUsage() {
                @Override
                public double usedRatio(Path p) throws java.io.IOException {
                    return faults.count(DiskSpaceGuard.OUT_OF_SPACE) == 0 ? 0.1 : FILE_SYSTEM.usedRatio(p);
                }

                @Override
                public long usableBytes(Path p) throws java.io.IOException {
                    return faults.count(DiskSpaceGuard.OUT_OF_SPACE) == 0 ? Long.MAX_VALUE
                        : FILE_SYSTEM.usableBytes(p);
                }
            };
            try (FileMessageStore s = new FileMessageStore(cfg, Clock.SYSTEM, blindUntilOutOfSpace, ZoneOffset.UTC,
                faults)) {
                s.start();
                String body = "x".repeat(32 * 1024);
                assertEquals(PutStatus.PUT_OK, put(s, msg("Full", 0, body, "")).status());
                Path filler = tmpfs.dir().resolve("filler");
                assertTrue(tmpfs.fill(filler) > 0, "the filler took the free space");

                PutResult refused = null;
                int stored = 1;
                for (int i = 0; i < 2_000 && refused == null; i++) { // 16 MiB segment: bounded well before
                    PutResult r = put(s, msg("Full", 0, body, ""));
                    if (r.status() == PutStatus.PUT_OK) {
                        stored++;
                    } else {
                        refused = r;
                    }
                }
                assertTrue(refused != null, "a put was refused once the file system was full");
                assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, refused.status());
                assertTrue(refused.reason().startsWith("disk full"), refused.reason());
                assertTrue(faults.count(DiskSpaceGuard.OUT_OF_SPACE) >= 1);
                assertFalse(faults.healthy(), "store.disk_full is failing");
                assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(s, msg("Full", 0, "y", "")).status(),
                    "still refused");

                final int expected = stored;
                pollUntil(() -> s.maxOffset("Full", 0) == expected, "dispatch of what was stored");
                GetResult g = s.get("Full", 0, 0, 10_000, Integer.MAX_VALUE, null);
                assertEquals(expected, g.messageCount(), "reads go on while full");
                g.release();

                Files.delete(filler);
                pollUntil(() -> put(s, msg("Full", 0, "after", "")).status() == PutStatus.PUT_OK,
                    "puts accepted again once space is freed");
                assertTrue(faults.healthy(), "recovered");
            }
        }
    }
}
