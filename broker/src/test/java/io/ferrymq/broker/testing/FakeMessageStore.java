package io.ferrymq.broker.testing;

import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.PreparedMessage;
import io.ferrymq.store.BatchToStore;
import io.ferrymq.store.ConsumedOffsetsView;
import io.ferrymq.store.DispatchListener;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.PutStatus;
import io.ferrymq.store.QueryResult;
import io.ferrymq.store.ReplicaAppendResult;
import io.ferrymq.store.StoreStats;
import io.ferrymq.store.TimeBoundary;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link MessageStore} for processor tests: records every put and batch, keeps each queue as a list of
 * encoded stored messages and answers reads from it; {@link #refuseWith} makes puts fail and
 * {@link #appendBusyFor} / {@link #appendDoingFileIo} fake a busy appender. Only what the send and
 * pull processors use is implemented; the rest throws. Thread-safe enough for one test thread plus the
 * processors' completion callbacks.
 */
public final class FakeMessageStore implements MessageStore {
    private final List<MessageToStore> puts = new CopyOnWriteArrayList<>();
    private final List<BatchToStore> batches = new CopyOnWriteArrayList<>();
    private final Map<String, List<ByteBuffer>> queues = new ConcurrentHashMap<>();
    private volatile PutStatus refusal;
    private volatile long appendBusyNanos;
    private volatile boolean appendDoingFileIo;
    private long commitLogOffset;

    /** Every single-message put so far, in order. */
    public List<MessageToStore> puts() {
        return puts;
    }

    /** Makes every later put answer {@code status} (null: store normally). */
    public void refuseWith(PutStatus status) {
        this.refusal = status;
    }

    /** Makes the store report an append that has held the append lock for {@code nanos} (0: the lock is free). */
    public void appendBusyFor(long nanos) {
        this.appendBusyNanos = nanos;
    }

    /** Makes the store report (or stop reporting) an append doing file I/O under the append lock. */
    public void appendDoingFileIo(boolean doing) {
        this.appendDoingFileIo = doing;
    }

    @Override
    public long appendBusyNanos() {
        return appendBusyNanos;
    }

    @Override
    public boolean appendDoingFileIo() {
        return appendDoingFileIo;
    }

    private static String key(String topic, int queueId) {
        return topic + "@" + queueId;
    }

    @Override
    public void start() {
    }

    @Override
    public void shutdown() {
    }

    @Override
    public synchronized CompletableFuture<PutResult> put(MessageToStore m) {
        puts.add(m);
        if (refusal != null) {
            return CompletableFuture.completedFuture(PutResult.failure(refusal, "refused by the test"));
        }
        List<ByteBuffer> q = queues.computeIfAbsent(key(m.topic(), m.queueId()), k -> new CopyOnWriteArrayList<>());
        long queueOffset = q.size();
        byte[] body = new byte[m.body().remaining()];
        m.body().duplicate().get(body);
        PreparedMessage pm = PreparedMessage.builder().topic(m.topic()).queueId(m.queueId()).flag(m.flag())
                .body(body).properties(m.properties()).sysFlag(m.sysFlag()).bornTimestamp(m.bornTimestamp())
                .bornHost(m.bornHost()).storeHost(m.storeHost()).build();
        byte[] stored = MessageEncoder.encode(pm, queueOffset, commitLogOffset, m.bornTimestamp());
        q.add(ByteBuffer.wrap(stored));
        String msgId = String.format("%032X", commitLogOffset);
        PutResult r = new PutResult(PutStatus.PUT_OK, commitLogOffset, stored.length, queueOffset, 1,
                m.bornTimestamp(), List.of(msgId), null);
        commitLogOffset += stored.length;
        return CompletableFuture.completedFuture(r);
    }

    /** Every batch put so far, in order; a batch is recorded, not stored (reads do not see it). */
    public List<BatchToStore> batches() {
        return batches;
    }

    @Override
    public CompletableFuture<PutResult> putBatch(BatchToStore batch) {
        batches.add(batch);
        if (refusal != null) {
            return CompletableFuture.completedFuture(PutResult.failure(refusal, "refused by the test"));
        }
        List<String> msgIds = new ArrayList<>();
        for (int i = 0; i < batch.records().size(); i++) {
            msgIds.add(String.format("%032X", i));
        }
        return CompletableFuture.completedFuture(new PutResult(PutStatus.PUT_OK, 0, 0, 0, msgIds.size(),
                batch.bornTimestamp(), msgIds, null));
    }

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxMsgs, int maxBytes, MessageFilter filter) {
        List<ByteBuffer> q = queues.getOrDefault(key(topic, queueId), List.of());
        long max = q.size();
        if (max == 0) {
            return new GetResult(GetStatus.NO_MESSAGE_IN_QUEUE, 0, 0, 0, List.of(), List.of(), 0);
        }
        if (offset > max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_BADLY, max, 0, max, List.of(), List.of(), 0);
        }
        if (offset == max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_ONE, offset, 0, max, List.of(), List.of(), 0);
        }
        List<ByteBuffer> out = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        int bytes = 0;
        long o = offset;
        for (; o < max && out.size() < maxMsgs; o++) {
            ByteBuffer b = q.get((int) o).duplicate();
            out.add(b);
            offsets.add(o);
            bytes += b.remaining();
        }
        return new GetResult(GetStatus.FOUND, o, 0, max, out, offsets, bytes);
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        return queues.getOrDefault(key(topic, queueId), List.of()).size();
    }

    @Override
    public long minOffset(String topic, int queueId) {
        return 0;
    }

    @Override
    public long offsetByTime(String topic, int queueId, long timestamp, TimeBoundary boundary) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long earliestStoreTime(String topic, int queueId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long storeTimeAt(String topic, int queueId, long offset) {
        return 0;
    }

    @Override
    public java.util.List<io.ferrymq.store.ConsumeQueueEntry> consumeQueueEntries(String topic, int queueId,
                                                                           long fromOffset, int count) {
        throw new UnsupportedOperationException("consume-queue entries are not kept by the fake store");
    }

    @Override
    public ByteBuffer messageAt(long commitLogOffset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ByteBuffer messageByOffsetMsgId(String offsetMsgId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public QueryResult query(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public QueryResult queryByUniqKey(String topic, String uniqKey, int maxNum) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long commitLogMinOffset() {
        return 0;
    }

    @Override
    public synchronized long commitLogMaxOffset() {
        return commitLogOffset;
    }

    @Override
    public void deleteTopic(String topic) {
        queues.keySet().removeIf(k -> k.startsWith(topic + "@"));
    }

    @Override
    public void addDispatchListener(DispatchListener listener) {
    }

    @Override
    public void setConsumedOffsetsView(ConsumedOffsetsView view) {
    }

    @Override
    public StoreStats stats() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forceLatencyTo(java.util.function.LongConsumer sink) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ByteBuffer readCommitLog(long offset, int maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ReplicaAppendResult appendReplicated(long offset, ByteBuffer bytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void holdPuts(String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void releasePuts() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void truncateCommitLog(long offset) {
        throw new UnsupportedOperationException();
    }
}
