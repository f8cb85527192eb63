package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The message store: commit log, consume queues, indexes, flush, recovery and retention. Knows nothing of
 * the broker. Implementation: {@link FileMessageStore}.
 *
 * <p>Threading: every method may be called from any thread after {@link #start()}. Put futures complete on the
 * caller's thread (ASYNC_FLUSH) or on the store's flush thread (SYNC_FLUSH), so chain heavy work with the
 * {@code *Async} variants. Reads never block on appends.
 */
public interface MessageStore extends AutoCloseable {
    /**
     * Longest a put waits for the append lock before it answers OS_PAGE_CACHE_BUSY (Apache RocketMQ's
     * {@code osPageCacheBusyTimeOutMills}, also fixed at 1 s there by default): an appender busy longer than this
     * is stuck on the disk or the page cache, and callers should turn sends away rather than queue them.
     */
    long APPEND_LOCK_TIMEOUT_MILLIS = 1000;

    /** Opens the files, recovers after a crash (truncating any torn tail), catches up dispatch, starts threads. */
    void start() throws java.io.IOException;

    /** Stops accepting puts, flushes everything, writes the clean-shutdown checkpoint. Idempotent. */
    void shutdown();

    @Override
    default void close() {
        shutdown();
    }

    /** Appends one message. Never throws; failures are a status with a reason. */
    CompletableFuture<PutResult> put(MessageToStore message);

    /** Appends a batch to one queue in one append (consecutive queue offsets). Never throws. */
    CompletableFuture<PutResult> putBatch(BatchToStore batch);

    /**
     * How long the append in progress has held the append lock, in nanoseconds; 0 when no append holds it. A
     * {@link #put} now would wait at least until that append ends (at most {@link #APPEND_LOCK_TIMEOUT_MILLIS}).
     * Lock-free and cheap: a thread that must never block (a network I/O thread) asks before it puts.
     */
    long appendBusyNanos();

    /**
     * Whether the append in progress is doing file I/O under the append lock right now: creating and mapping a
     * commit-log segment, or writing zeros to reserve the next disk blocks (once per 1 MiB). A put now would wait
     * for that I/O, however short {@link #appendBusyNanos()} is so far. Lock-free and cheap.
     */
    boolean appendDoingFileIo();

    /**
     * Reads up to {@code maxMsgs} messages (and about {@code maxBytes}; the first message is always returned)
     * of one queue from {@code offset}, skipping those the filter rejects.
     */
    GetResult get(String topic, int queueId, long offset, int maxMsgs, int maxBytes, MessageFilter filter);

    /** Offset the next message of the queue will get (0 for an unknown queue). */
    long maxOffset(String topic, int queueId);

    /** First readable offset of the queue (0 for an unknown queue). */
    long minOffset(String topic, int queueId);

    /**
     * Queue offset by store time (binary search): {@link TimeBoundary#LOWER} gives the first message stored at
     * or after {@code timestamp}, {@link TimeBoundary#UPPER} the last one stored at or before it; clamped to
     * [minOffset, maxOffset] (maxOffset when every message is older, minOffset when every one is newer).
     */
    long offsetByTime(String topic, int queueId, long timestamp, TimeBoundary boundary);

    /** Store time of the first readable message of the queue, or -1. */
    long earliestStoreTime(String topic, int queueId);

    /** Store time of the message at {@code offset} of the queue, or -1. */
    long storeTimeAt(String topic, int queueId, long offset);

    /**
     * Up to {@code count} raw consume-queue entries of one queue from {@code fromOffset} (fewer at the end of the
     * queue; entries below the queue's min offset are skipped). Null when the queue does not exist.
     */
    java.util.List<ConsumeQueueEntry> consumeQueueEntries(String topic, int queueId, long fromOffset, int count);

    /** The stored message starting at {@code commitLogOffset} (read-only slice), or null if none is there. */
    ByteBuffer messageAt(long commitLogOffset);

    /** The stored message an offset message id points at (it must be this store's), or null. */
    ByteBuffer messageByOffsetMsgId(String offsetMsgId);

    /**
     * Messages of {@code topic} whose KEYS property contains {@code key}, stored in [{@code beginTimestamp},
     * {@code endTimestamp}], oldest first, at most {@code maxNum}.
     */
    QueryResult query(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp);

    /** Messages of {@code topic} with UNIQ_KEY {@code uniqKey} (normally one; more after a producer retry). */
    QueryResult queryByUniqKey(String topic, String uniqKey, int maxNum);

    long commitLogMinOffset();

    /** End of the commit log (the next append's offset). */
    long commitLogMaxOffset();

    /**
     * Drops the topic's consume queues, indexes and queue-offset counters; its commit-log bytes age out.
     *
     * @throws IllegalStateException when the store is not running
     */
    void deleteTopic(String topic);

    /**
     * An operator's retention pass now (mqadmin deleteExpiredCommitLog): deletes the commit-log segments older than
     * fileReservedTime whatever the hour, as at a deleteWhen hour (deleteOnlyConsumed still keeps unconsumed ones),
     * then cuts consume queues and indexes. Returns the segments deleted.
     *
     * @throws IllegalStateException when the store is not running
     */
    default int deleteExpiredFilesNow() throws java.io.IOException {
        throw new UnsupportedOperationException("this store does not delete files on request");
    }

    /**
     * Cuts every consume queue and the index below the commit log's minimum now (mqadmin cleanExpiredCQ): the
     * entries left pointing at deleted commit-log bytes. Returns the consume-queue segments deleted.
     *
     * @throws IllegalStateException when the store is not running
     */
    default int cleanExpiredConsumeQueues() {
        throw new UnsupportedOperationException("this store does not clean consume queues on request");
    }

    /** Topics that have consume queues in this store (mqadmin cleanUnusedTopic compares them with the topics). */
    default java.util.Set<String> topicsWithQueues() {
        return java.util.Set.of();
    }

    /** Registers a listener called by the dispatch thread after each message is in its consume queue. */
    void addDispatchListener(DispatchListener listener);

    /** Supplies committed consumer offsets for the retention rules (default: none). */
    void setConsumedOffsetsView(ConsumedOffsetsView view);

    StoreStats stats();

    /**
     * Where the durations (nanoseconds) of commit-log forces that wrote something go: the metrics' flush-latency
     * histogram. Called by the flush thread, so the sink must be cheap and thread-safe. Replaces the previous sink.
     */
    void forceLatencyTo(java.util.function.LongConsumer sink);

    // ---- replication (master -> slave) ----

    /**
     * Raw commit-log bytes from {@code offset} (whole entries possibly ending with a blank marker, never across
     * a segment), at most {@code maxBytes}; empty when {@code offset} is at the end; null when it is below the
     * minimum or above the end.
     */
    ByteBuffer readCommitLog(long offset, int maxBytes);

    /**
     * Slave side: appends bytes read from the master's {@link #readCommitLog} at exactly {@code offset}, which
     * must equal {@link #commitLogMaxOffset()}; each entry is verified (magic, length, CRC) and dispatched.
     * Must not be mixed with {@link #put} on the same store.
     */
    ReplicaAppendResult appendReplicated(long offset, ByteBuffer bytes);

    /**
     * Refuses every {@link #put}/{@link #putBatch} with SERVICE_NOT_AVAILABLE and {@code reason} until
     * {@link #releasePuts()}, while {@link #appendReplicated} goes on: a master restoring the commit log it lost
     * from its slave must not write anything of its own at the offsets it is restoring.
     */
    void holdPuts(String reason);

    /** Ends {@link #holdPuts}. */
    void releasePuts();

    /**
     * Drops everything at and after commit-log offset {@code offset} (a message boundary): commit log, consume
     * queue entries and index entries. Used by a slave whose log diverged from the new master.
     *
     * @throws IllegalStateException when the store is not running
     */
    void truncateCommitLog(long offset) throws java.io.IOException;

    /**
     * Commit-log offset of a stored message that a read found corrupt (it was not served) and that is not repaired
     * yet, or -1. A slave's replication repairs it from the master ({@link #repairEntry}).
     */
    default long corruptEntryToRepair() {
        return -1;
    }

    /**
     * Slave side: overwrites the corrupt message at {@code offset} with {@code entry}, the master's bytes at the
     * same offset, when they are one whole valid entry (magic, length, body CRC) of the size the consume queue
     * recorded. The offset is taken off the repair list whatever the outcome (a later read that fails again puts
     * it back). Returns true when repaired.
     */
    default boolean repairEntry(long offset, ByteBuffer entry) {
        return false;
    }
}
