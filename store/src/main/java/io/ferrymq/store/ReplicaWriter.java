package io.ferrymq.store;

import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.MessageView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * A slave's writes to its commit log: appending bytes replicated from the master at the master's offsets, and
 * truncating the log to a common point after divergence. Both run inside the {@link Appender}'s lock, so they
 * never interleave with a put; consume queues and the index follow through the dispatcher.
 *
 * <p>Threads: the replication sink's thread (any thread may call; the append lock serialises).
 */
final class ReplicaWriter {
    /**
     * Undispatched bytes at which a replicated append wakes the dispatcher. Below it the dispatcher's idle poll
     * (at most {@link Dispatcher#IDLE_MILLIS} ms) picks the entries up. A slave serves consumers its master sends
     * there because they read far behind the log's end (slaveReadEnable: they are back on the master before they
     * reach the newest entries) and consumers whose master is away; neither notices the newest entries becoming
     * readable that much later. Waking the dispatcher for each replication round (about 8 messages under load)
     * cost a futex wake-up and a RocksDB write per round, 8% of a slave's CPU in row 4a.
     */
    static final long DISPATCH_WAKE_BYTES = 256 * 1024;

    private final MessageStoreConfig config;
    private final CommitLog commitLog;
    private final Appender appender;
    private final ConsumeQueueTable queues;
    private final StoreStatus status;
    private volatile Dispatcher dispatcher;
    private volatile MessageIndex index;

    ReplicaWriter(MessageStoreConfig config, CommitLog commitLog, Appender appender, ConsumeQueueTable queues,
                  StoreStatus status) {
        this.config = config;
        this.commitLog = commitLog;
        this.appender = appender;
        this.queues = queues;
        this.status = status;
    }

    /** Wires the dispatcher and index created during start-up. */
    void attach(Dispatcher dispatcher, MessageIndex index) {
        this.dispatcher = dispatcher;
        this.index = index;
    }

    /**
     * See {@link MessageStore#repairEntry}: under the append lock, overwrites the entry at {@code offset} in place
     * with {@code entry} if it is one valid entry of {@code expectedSize} bytes, then forces it.
     */
    boolean repairEntry(long offset, int expectedSize, ByteBuffer entry) throws IOException {
        status.requireRunning("repairEntry");
        int n = entry.remaining();
        if (n != expectedSize || io.ferrymq.common.message.MessageDecoder.check(entry, entry.position(),
            entry.limit(), true) != n) {
            return false;
        }
        return appender.exclusive(queueOffsets -> {
            if (offset < commitLog.minOffset() || offset + n > commitLog.maxOffset()) {
                return false;
            }
            MappedSegment seg = commitLog.segmentFor(offset);
            if (seg == null || offset - seg.startOffset() + n > seg.size()) {
                return false;
            }
            int pos = (int) (offset - seg.startOffset());
            seg.buffer().put(pos, entry, entry.position(), n); // the bytes were written before: blocks exist
            seg.force(pos, pos + n);
            return true;
        });
    }

    /** See {@link MessageStore#appendReplicated}. */
    ReplicaAppendResult appendReplicated(long offset, ByteBuffer bytes) {
        String refuse = status.refuseReason();
        if (refuse != null) {
            return new ReplicaAppendResult(false, commitLog.maxOffset(), refuse);
        }
        ReplicaAppendResult r;
        try {
            r = appender.exclusive(queueOffsets -> appendLocked(offset, bytes, queueOffsets));
        } catch (DiskFullException e) {
            return new ReplicaAppendResult(false, commitLog.maxOffset(), status.outOfSpace(e));
        } catch (IOException e) {
            String why = "replicated append failed (" + e.getMessage() + ")";
            status.diskFailed(why);
            return new ReplicaAppendResult(false, commitLog.maxOffset(), why);
        }
        if (r != null) {
            return r;
        }
        long end = commitLog.maxOffset();
        if (wakesDispatcher(end, dispatcher.dispatchedOffset())) {
            dispatcher.wakeup();
        }
        return new ReplicaAppendResult(true, end, null);
    }

    /** Whether an append that left the commit log ending at {@code end} wakes a dispatcher at {@code dispatched}. */
    static boolean wakesDispatcher(long end, long dispatched) {
        return end - dispatched >= DISPATCH_WAKE_BYTES;
    }

    /** Under the append lock: checks every entry of the chunk, appends it; null when appended. */
    private ReplicaAppendResult appendLocked(long offset, ByteBuffer bytes, Map<String, Long> queueOffsets)
        throws IOException {
        long max = commitLog.maxOffset();
        if (offset != max) {
            return new ReplicaAppendResult(false, max, "offset " + offset + " is not the commit-log end " + max);
        }
        int segSize = config.mappedFileSizeCommitLog();
        int inSeg = (int) (offset % segSize);
        ByteBuffer b = bytes.slice();
        if (inSeg + b.remaining() > segSize) {
            return new ReplicaAppendResult(false, max, "chunk of " + b.remaining()
                + " bytes crosses a segment boundary at " + offset);
        }
        int pos = 0;
        Map<String, Long> next = new HashMap<>();
        MessageView v = new MessageView();
        while (pos < b.remaining()) {
            int r = MessageDecoder.check(b, pos, b.remaining(), true);
            if (r == MessageDecoder.CHECK_BLANK) {
                int size = b.getInt(pos);
                if (pos + size != b.remaining() || inSeg + pos + size != segSize) {
                    return new ReplicaAppendResult(false, max, "blank marker at " + (offset + pos)
                        + " does not close the segment");
                }
                break;
            }
            if (r <= 0) {
                return new ReplicaAppendResult(false, max, "invalid entry at commit-log offset " + (offset + pos));
            }
            v.wrap(b, pos);
            if (v.physicalOffset() != offset + pos) {
                return new ReplicaAppendResult(false, max, "entry at " + (offset + pos)
                    + " says PHYSICALOFFSET " + v.physicalOffset());
            }
            // Topics become directory names: a master's bytes get the same check as a producer's message.
            String illegal = Appender.checkTopicAndQueue(v.topic(), v.queueId());
            if (illegal != null) {
                return new ReplicaAppendResult(false, max, "entry at " + (offset + pos) + ": " + illegal);
            }
            int tran = MessageSysFlag.transactionValue(v.sysFlag());
            if (tran == MessageSysFlag.TRANSACTION_NOT_TYPE || tran == MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
                next.put(Appender.key(v.topic(), v.queueId()), v.queueOffset() + 1);
            }
            pos += r;
        }
        commitLog.appendRaw(b);
        queueOffsets.putAll(next);
        return null;
    }

    /** See {@link MessageStore#truncateCommitLog}. */
    void truncateCommitLog(long offset) throws IOException {
        status.requireRunning("truncateCommitLog");
        appender.exclusive(queueOffsets -> {
            truncateLocked(offset, queueOffsets);
            return null;
        });
    }

    private void truncateLocked(long offset, Map<String, Long> queueOffsets) throws IOException {
        long max = commitLog.maxOffset();
        if (offset >= max) {
            return;
        }
        if (offset < commitLog.minOffset()) {
            throw new IllegalArgumentException("cannot truncate to " + offset + ": below the commit-log minimum "
                + commitLog.minOffset());
        }
        MappedSegment seg = commitLog.segmentFor(offset);
        if (offset % config.mappedFileSizeCommitLog() != 0 && (seg == null
            || MessageDecoder.check(seg.buffer(), (int) (offset - seg.startOffset()),
            config.mappedFileSizeCommitLog(), false) == MessageDecoder.CHECK_CORRUPT)) {
            throw new IllegalArgumentException("cannot truncate to " + offset + ": not a message boundary");
        }
        try {
            dispatcher.submit(() -> {
                try {
                    commitLog.truncateTo(offset, "truncation requested (replication)");
                    queues.truncateByCommitLog(offset);
                    index.truncateFrom(offset);
                    if (dispatcher.dispatchedOffset() > offset) {
                        dispatcher.resetTo(offset);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (org.rocksdb.RocksDBException e) {
                    throw new IllegalStateException(e);
                }
            }).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
        // Past the cut, every queue's next offset is where its consume queue now ends.
        queueOffsets.clear();
        queues.forEachMaxOffset((t, q, end) -> queueOffsets.put(Appender.key(t, q), end));
    }
}
