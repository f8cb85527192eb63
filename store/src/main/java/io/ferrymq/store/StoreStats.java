package io.ferrymq.store;

/**
 * Snapshot of the store's runtime figures (counters are since start).
 *
 * @param putMessageCount            messages stored
 * @param putBytes                   bytes stored
 * @param putTps                     messages stored per second over the last measured second
 * @param putFailures                puts rejected or failed (any non-stored status)
 * @param flushTimeouts              SYNC_FLUSH puts answered FLUSH_DISK_TIMEOUT
 * @param getFound                   reads that returned messages
 * @param getMiss                    reads that returned none
 * @param dispatchBehindBytes        commit-log bytes not yet in consume queues / indexes
 * @param diskUsedRatio              last measured used-space ratio (0..1) of the store's file system
 * @param diskFull                   puts are being refused for lack of space or after a disk I/O failure
 * @param commitLogMinOffset         first readable commit-log offset
 * @param commitLogMaxOffset         end of the written commit log
 * @param deletedSegments            commit-log segments removed by retention
 * @param unconsumedMessagesDeleted  messages deleted by retention that some group had not consumed
 * @param backgroundErrors           errors caught in flush / dispatch / retention loops (see the log)
 * @param commitLogFlushedOffset     commit-log bytes below this offset are forced to disk
 * @param deletedBytes               commit-log file bytes removed by retention
 */
public record StoreStats(
    long putMessageCount,
    long putBytes,
    double putTps,
    long putFailures,
    long flushTimeouts,
    long getFound,
    long getMiss,
    long dispatchBehindBytes,
    double diskUsedRatio,
    boolean diskFull,
    long commitLogMinOffset,
    long commitLogMaxOffset,
    long deletedSegments,
    long unconsumedMessagesDeleted,
    long backgroundErrors,
    long commitLogFlushedOffset,
    long deletedBytes) {
}
