package io.ferrymq.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How full the file system holding a path is; injectable so tests can simulate a full disk. A lambda gives the
 * used ratio only (and unlimited usable bytes).
 */
@FunctionalInterface
public interface DiskUsage {
    DiskUsage FILE_SYSTEM = new DiskUsage() {
        @Override
        public double usedRatio(Path path) throws IOException {
            FileStore fs = Files.getFileStore(path);
            long total = fs.getTotalSpace();
            return total <= 0 ? 0.0 : (double) (total - fs.getUsableSpace()) / total;
        }

        @Override
        public long usableBytes(Path path) throws IOException {
            return Files.getFileStore(path).getUsableSpace();
        }
    };

    /** Used share of the file system, 0..1. */
    double usedRatio(Path path) throws IOException;

    /** Bytes a writer may still allocate on the file system (unlimited unless overridden). */
    default long usableBytes(Path path) throws IOException {
        return Long.MAX_VALUE;
    }
}
