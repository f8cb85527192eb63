package io.ferrymq.store;

import java.io.IOException;

/**
 * The file system had no room for blocks a writer tried to reserve (ENOSPC or EDQUOT). Unlike other I/O
 * failures it is expected to pass: the {@link DiskSpaceGuard} refuses puts until space is freed, then accepts
 * them again; the store is not taken out of service.
 */
final class DiskFullException extends IOException {
    private final long neededBytes;

    DiskFullException(String message, long neededBytes, IOException cause) {
        super(message, cause);
        this.neededBytes = neededBytes;
    }

    /** Bytes the failed reservation asked for. */
    long neededBytes() {
        return neededBytes;
    }

    /** True when {@code e} is the file system's "no space left" (or quota exceeded) error. */
    static boolean isOutOfSpace(IOException e) {
        String m = e.getMessage();
        return e instanceof DiskFullException || m != null && (m.contains("No space left on device")
                || m.contains("Disk quota exceeded"));
    }
}
