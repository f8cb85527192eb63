package io.ferrymq.store;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk-full verdict against a fake file system: when puts stop, when they resume, and what is reported. */
class DiskSpaceGuardTest {
    private static final Path ROOT = Path.of("/store");
    private final FaultRegistry faults = new FaultRegistry(new ManualClock());

    /** A file system whose used ratio and usable bytes the test sets. */
    private static final class FakeDisk implements DiskUsage {
        double ratio = 0.5;
        long usable = 1L << 30;

        @Override
        public double usedRatio(Path path) {
            return ratio;
        }

        @Override
        public long usableBytes(Path path) {
            return usable;
        }
    }

    private final FakeDisk disk = new FakeDisk();
    private final DiskSpaceGuard guard = new DiskSpaceGuard(ROOT, disk, 90, faults);

    @Test
    void aDiskOverTheWarningRatioRefusesPutsUntilItDropsAndSaysWhy() {
        guard.check();
        assertNull(guard.refusal());
        disk.ratio = 0.93;
        guard.check();
        assertNotNull(guard.refusal());
        assertTrue(guard.refusal().startsWith("disk full"), guard.refusal());
        assertTrue(guard.refusal().contains("diskSpaceWarningLevelRatio=90%"), guard.refusal());
        assertFalse(faults.healthy(), "the broker reports itself unhealthy while refusing");
        disk.ratio = 0.6;
        guard.check();
        assertNull(guard.refusal());
        assertTrue(faults.healthy());
    }

    @Test
    void aSmallVolumeIsFullWhenFewBytesAreLeftWhateverItsRatio() {
        disk.ratio = 0.5;
        disk.usable = DiskSpaceGuard.MIN_FREE_BYTES - 1;
        guard.check();
        assertNotNull(guard.refusal());
        assertTrue(guard.refusal().contains("bytes are usable"), guard.refusal());
        disk.usable = DiskSpaceGuard.MIN_FREE_BYTES;
        guard.check();
        assertNull(guard.refusal());
    }

    @Test
    void aFailedReservationRefusesAtOnceAndUntilWhatItNeededIsFree() {
        guard.outOfSpace("no room for 1048576 bytes of /store/commitlog/00000000000000000000", 1 << 20);
        assertNotNull(guard.refusal(), "refused before the next check");
        assertEquals(1, faults.count(DiskSpaceGuard.OUT_OF_SPACE));

        disk.usable = DiskSpaceGuard.MIN_FREE_BYTES + (1 << 20) - 1;
        guard.check();
        assertNotNull(guard.refusal(), "not yet room for the reservation and the minimum");
        disk.usable = DiskSpaceGuard.MIN_FREE_BYTES + (1 << 20);
        guard.check();
        assertNull(guard.refusal(), "space freed: puts resume");
        disk.usable = DiskSpaceGuard.MIN_FREE_BYTES;
        guard.check();
        assertNull(guard.refusal(), "the old reservation no longer counts once it was satisfied");
    }

    @Test
    void anEpisodeIsCountedOnceHoweverManyChecksSeeIt() {
        disk.ratio = 0.95;
        for (int i = 0; i < 10; i++) {
            guard.check();
        }
        assertEquals(1, faults.count(DiskSpaceGuard.DISK_FULL));
        disk.ratio = 0.1;
        guard.check();
        disk.ratio = 0.95;
        guard.check();
        assertEquals(2, faults.count(DiskSpaceGuard.DISK_FULL));
    }

    @Test
    void aFileSystemThatCannotBeMeasuredKeepsTheLastVerdictAndIsCounted() {
        DiskSpaceGuard broken = new DiskSpaceGuard(ROOT, p -> {
            throw new IOException("statfs failed");
        }, 90, faults);
        broken.check();
        assertNull(broken.refusal());
        assertEquals(1, faults.count("store.disk_check_failed"));
    }
}
