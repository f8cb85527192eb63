package io.ferrymq.store;

/** When a put is acknowledged relative to forcing its bytes to disk. */
public enum FlushDiskType {
    /** Acknowledge once the bytes are in the page cache; a flush thread forces every flushIntervalCommitLog ms. */
    ASYNC_FLUSH,
    /** Acknowledge once the bytes are forced (group commit: many puts share one force). */
    SYNC_FLUSH
}
