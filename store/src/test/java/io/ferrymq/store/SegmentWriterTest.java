package io.ferrymq.store;

import io.ferrymq.testkit.TmpfsMount;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SYNC_FLUSH append writer: a full file system is reported as disk full, and the writer goes on after it. */
class SegmentWriterTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatMeetsAFullFileSystemIsDiskFullAndTheNextWriteWorksOnceThereIsRoom() throws Exception {
        Object m = TmpfsMount.tryMount(dir.resolve("tmpfs"), 4L << 20);
        if (m instanceof String why) {
            Assumptions.abort(why);
        }
        try (TmpfsMount tmpfs = (TmpfsMount) m; SegmentWriter writer = new SegmentWriter()) {
            MappedSegment seg = MappedSegment.open(tmpfs.dir(), 0, 8 << 20); // sparse: larger than the file system
            Path filler = tmpfs.dir().resolve("filler");
            assertTrue(tmpfs.fill(filler) > 0, "the filler took the free space");

            ByteBuffer bytes = ByteBuffer.allocate(1 << 20);
            DiskFullException e = assertThrows(DiskFullException.class, () -> writer.write(seg, 0, bytes));
            assertTrue(e.getMessage().startsWith("no room for "), e.getMessage());

            Files.delete(filler);
            ByteBuffer again = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
            writer.write(seg, 0, again);
            assertEquals(0x01020304, seg.buffer().getInt(0), "written once space was freed, seen in the mapping");
        }
    }
}
