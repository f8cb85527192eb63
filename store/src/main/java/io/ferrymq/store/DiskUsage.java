package io.ferrymq.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Used-space ratio (0..1) of the file system holding a path; injectable so tests can simulate a full disk. */
@FunctionalInterface
public interface DiskUsage {
    DiskUsage FILE_SYSTEM = path -> {
        FileStore fs = Files.getFileStore(path);
        long total = fs.getTotalSpace();
        return total <= 0 ? 0.0 : (double) (total - fs.getUsableSpace()) / total;
    };

    double usedRatio(Path path) throws IOException;
}
