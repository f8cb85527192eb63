package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.message.BatchCodec.BatchRecord;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.PreparedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append path: checks and encodes a put, then appends it to the commit log. It alone owns the append lock,
 * the next queue offset of every queue and the last store timestamp; other writers of the commit log (replica
 * append and truncation) run inside it with {@link #exclusive}.
 *
 * <p>Threads: any thread may put; the message is prepared (CRC, UTF-8) on the caller's thread, then the lock is
 * held only while queue offsets, the physical offset and the store timestamp are assigned and the bytes copied
 * into the mapped segment, so there is exactly one appender at a time and the commit-log write position and the
 * queue-offset table need no other synchronisation.
 */
final class Appender {
    private static final Logger LOG = LoggerFactory.getLogger(Appender.class);
    private static final int MAX_TOPIC_CHARS = 255;
    /** Queue ids from here on build their key per append instead of growing {@link #keys} without bound. */
    private static final int MAX_CACHED_QUEUES = 1024;
    private static final long APPEND_LOCK_TIMEOUT_MS = MessageStore.APPEND_LOCK_TIMEOUT_MILLIS;
    /** {@link #lockedAtNanos} when no one holds the append lock (any clock reading may be a real time). */
    private static final long FREE = Long.MIN_VALUE;

    /** Work done while holding the append lock, with the queue-offset table in hand. */
    interface Exclusive<T> {
        T run(Map<String, Long> queueOffsets) throws IOException;
    }

    private final MessageStoreConfig config;
    private final Clock clock;
    private final CommitLog commitLog;
    private final StoreStatus status;
    private final StoreCounters counters;
    private final ReentrantLock appendLock = new ReentrantLock();
    /**
     * When the holder of appendLock took it (clock nanos), {@link #FREE} when none: written by the holder, read
     * without the lock by {@link #busyNanos} so a caller can see a busy appender without waiting for it.
     */
    private volatile long lockedAtNanos = FREE;
    /** Next queue offset per {@link #key}; guarded by appendLock. */
    private final Map<String, Long> queueOffsets = new HashMap<>();
    /**
     * {@link #key} strings per topic, indexed by queue id, so an append neither builds a new key string nor hashes
     * it (String caches its hash): building and hashing it was 12% of the appender's samples. Guarded by appendLock.
     */
    private final Map<String, String[]> keys = new HashMap<>();
    /** Store timestamp of the last append; guarded by appendLock. */
    private long lastStoreTimestamp;
    private volatile Dispatcher dispatcher;
    private volatile FlushWorker flushWorker;

    Appender(MessageStoreConfig config, Clock clock, CommitLog commitLog, StoreStatus status,
             StoreCounters counters) {
        this.config = config;
        this.clock = clock;
        this.commitLog = commitLog;
        this.status = status;
        this.counters = counters;
    }

    /** Wires the workers created during start-up: woken after appends, and waited on for SYNC_FLUSH. */
    void attach(Dispatcher dispatcher, FlushWorker flushWorker) {
        this.dispatcher = dispatcher;
        this.flushWorker = flushWorker;
    }

    static String key(String topic, int queueId) {
        return topic + '\u0000' + queueId;
    }

    /** {@link #key}, from {@link #keys}; caller holds appendLock. */
    private String cachedKey(String topic, int queueId) {
        String[] byQueue = keys.get(topic);
        if (byQueue == null || queueId >= byQueue.length) {
            if (queueId >= MAX_CACHED_QUEUES) {
                return key(topic, queueId);
            }
            String[] grown = new String[Math.max(queueId + 1, byQueue == null ? 8 : byQueue.length * 2)];
            if (byQueue != null) {
                System.arraycopy(byQueue, 0, grown, 0, byQueue.length);
            }
            byQueue = grown;
            keys.put(topic, byQueue);
        }
        String k = byQueue[queueId];
        if (k == null) {
            k = key(topic, queueId);
            byQueue[queueId] = k;
        }
        return k;
    }

    /** Runs {@code work} holding the append lock (waits for an append in flight). */
    <T> T exclusive(Exclusive<T> work) throws IOException {
        lock();
        try {
            return work.run(queueOffsets);
        } finally {
            unlock();
        }
    }

    private void lock() {
        appendLock.lock();
        if (appendLock.getHoldCount() == 1) { // re-entry keeps the outer holder's time
            lockedAtNanos = clock.nanoTime();
        }
    }

    private boolean tryLock(long timeoutMillis) throws InterruptedException {
        if (!appendLock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        if (appendLock.getHoldCount() == 1) {
            lockedAtNanos = clock.nanoTime();
        }
        return true;
    }

    private void unlock() {
        if (appendLock.getHoldCount() == 1) {
            lockedAtNanos = FREE;
        }
        appendLock.unlock();
    }

    /** How long the current holder has held the append lock (clock nanos); 0 when it is free. Lock-free. */
    long busyNanos() {
        long since = lockedAtNanos;
        return since == FREE ? 0 : Math.max(0, clock.nanoTime() - since);
    }

    /** Sets every queue's next offset from the consume queues (start-up, truncation). */
    void rebuildQueueOffsets(ConsumeQueueTable table) {
        lock();
        try {
            queueOffsets.clear();
            table.forEachMaxOffset((t, q, max) -> queueOffsets.put(key(t, q), max));
        } finally {
            unlock();
        }
    }

    /** Forgets the queue offsets of a deleted topic. */
    void forgetTopic(String topic) {
        lock();
        try {
            queueOffsets.keySet().removeIf(k -> k.startsWith(topic + '\u0000'));
            keys.remove(topic);
        } finally {
            unlock();
        }
    }

    /** Waits for an append in flight to finish (shutdown). */
    void drain() {
        lock();
        unlock();
    }

    ReentrantLock lockForTest() {
        return appendLock;
    }

    CompletableFuture<PutResult> put(MessageToStore m) {
        String refuse = status.putRefuseReason();
        if (refuse != null) {
            return fail(PutStatus.SERVICE_NOT_AVAILABLE, refuse);
        }
        String bad = checkTopicAndQueue(m.topic(), m.queueId());
        if (bad != null) {
            return fail(PutStatus.MESSAGE_ILLEGAL, bad);
        }
        byte[] props = m.properties().getBytes(StandardCharsets.UTF_8);
        if (props.length > MessageProperties.MAX_ENCODED_LENGTH) {
            return fail(PutStatus.PROPERTIES_SIZE_EXCEEDED, "properties are " + props.length
                + " bytes, the limit is " + MessageProperties.MAX_ENCODED_LENGTH);
        }
        PreparedMessage pm;
        try {
            pm = PreparedMessage.builder().topic(m.topic()).queueId(m.queueId()).flag(m.flag()).body(m.body())
                .propertiesBytes(props).sysFlag(m.sysFlag()).bornTimestamp(m.bornTimestamp()).bornHost(m.bornHost())
                .storeHost(m.storeHost()).reconsumeTimes(m.reconsumeTimes())
                .preparedTransactionOffset(m.preparedTransactionOffset()).build();
        } catch (IllegalArgumentException e) {
            return fail(PutStatus.MESSAGE_ILLEGAL, e.getMessage());
        }
        boolean waitFlush = !"false".equals(MessageProperties.get(m.properties(),
            MessageConst.PROPERTY_WAIT_STORE_MSG_OK));
        return append(new PreparedMessage[] {pm}, m.topic(), m.queueId(), pm.sysFlag(), waitFlush);
    }

    CompletableFuture<PutResult> putBatch(BatchToStore b) {
        String refuse = status.putRefuseReason();
        if (refuse != null) {
            return fail(PutStatus.SERVICE_NOT_AVAILABLE, refuse);
        }
        if (b.records().isEmpty()) {
            return fail(PutStatus.MESSAGE_ILLEGAL, "empty batch");
        }
        String bad = checkTopicAndQueue(b.topic(), b.queueId());
        if (bad != null) {
            return fail(PutStatus.MESSAGE_ILLEGAL, bad);
        }
        PreparedMessage[] pms = new PreparedMessage[b.records().size()];
        boolean waitFlush = true;
        for (int i = 0; i < pms.length; i++) {
            BatchRecord r = b.records().get(i);
            String p = r.properties() == null ? "" : r.properties();
            byte[] props = p.getBytes(StandardCharsets.UTF_8);
            if (props.length > MessageProperties.MAX_ENCODED_LENGTH) {
                return fail(PutStatus.PROPERTIES_SIZE_EXCEEDED, "record " + i + ": properties are " + props.length
                    + " bytes, the limit is " + MessageProperties.MAX_ENCODED_LENGTH);
            }
            if ("false".equals(MessageProperties.get(p, MessageConst.PROPERTY_WAIT_STORE_MSG_OK))) {
                waitFlush = false;
            }
            try {
                pms[i] = PreparedMessage.builder().topic(b.topic()).queueId(b.queueId()).flag(r.flag())
                    .body(r.body()).propertiesBytes(props).sysFlag(b.sysFlag()).bornTimestamp(b.bornTimestamp())
                    .bornHost(b.bornHost()).storeHost(b.storeHost()).reconsumeTimes(b.reconsumeTimes()).build();
            } catch (IllegalArgumentException e) {
                return fail(PutStatus.MESSAGE_ILLEGAL, "record " + i + ": " + e.getMessage());
            }
        }
        return append(pms, b.topic(), b.queueId(), pms[0].sysFlag(), waitFlush);
    }

    /**
     * Topic names become directory names (consumequeue/&lt;topic&gt;), so the store enforces RocketMQ's topic
     * charset {@code [%|a-zA-Z0-9_-]}, at most 255 characters (file-name limit).
     */
    static String checkTopicAndQueue(String topic, int queueId) {
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_CHARS) {
            return "topic must have 1.." + MAX_TOPIC_CHARS + " characters, got " + topic.length();
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || c == '-' || c == '%' || c == '|';
            if (!ok) {
                return "topic '" + topic + "' has character '" + c + "' (allowed: letters, digits, %|_-)";
            }
        }
        if (queueId < 0) {
            return "queueId " + queueId + " is negative";
        }
        return null;
    }

    private CompletableFuture<PutResult> fail(PutStatus status, String reason) {
        counters.putFailures.incrementAndGet();
        return CompletableFuture.completedFuture(PutResult.failure(status, reason));
    }

    private CompletableFuture<PutResult> append(PreparedMessage[] pms, String topic, int queueId, int sysFlag,
                                                boolean waitFlush) {
        int total = 0;
        for (PreparedMessage pm : pms) {
            total += pm.encodedLength();
        }
        if (total > config.maxMessageSize()) {
            return fail(PutStatus.MESSAGE_ILLEGAL, (pms.length > 1 ? "batch" : "message") + " of " + total
                + " bytes exceeds maxMessageSize " + config.maxMessageSize());
        }
        long limit = config.maxStoreSizeBytes();
        if (limit > 0 && commitLog.maxOffset() - commitLog.minOffset() + total > limit) {
            String why = "disk full: the commit log holds " + (commitLog.maxOffset() - commitLog.minOffset())
                + " bytes and maxStoreSizeBytes is " + limit + "; retention must free space first";
            return fail(PutStatus.SERVICE_NOT_AVAILABLE, why);
        }
        int tran = MessageSysFlag.transactionValue(sysFlag);
        boolean countsInQueue = tran == MessageSysFlag.TRANSACTION_NOT_TYPE
            || tran == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        CommitLog.Appended appended;
        long queueOffset;
        long storeTs;
        try {
            if (!tryLock(APPEND_LOCK_TIMEOUT_MS)) {
                return fail(PutStatus.OS_PAGE_CACHE_BUSY, "the appender was busy for over " + APPEND_LOCK_TIMEOUT_MS
                    + " ms (slow disk or page cache pressure); retry later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(PutStatus.UNKNOWN_ERROR, "interrupted while waiting for the appender");
        }
        try {
            String refuse = status.putRefuseReason();
            if (refuse != null) {
                return fail(PutStatus.SERVICE_NOT_AVAILABLE, refuse);
            }
            String k = cachedKey(topic, queueId);
            queueOffset = countsInQueue ? queueOffsets.getOrDefault(k, 0L) : 0L;
            // monotonic per store, so offsetByTime's binary search holds even if the wall clock steps back
            storeTs = Math.max(clock.currentTimeMillis(), lastStoreTimestamp);
            lastStoreTimestamp = storeTs;
            appended = commitLog.append(pms, queueOffset, storeTs);
            if (countsInQueue) {
                queueOffsets.put(k, queueOffset + pms.length);
            }
        } catch (DiskFullException e) {
            return fail(PutStatus.SERVICE_NOT_AVAILABLE, status.outOfSpace(e));
        } catch (IOException e) {
            String why = "commit-log append failed (" + e.getMessage() + "); the store refuses puts until restarted";
            LOG.error("store {}: append failed", config.storePathRootDir(), e);
            status.diskFailed(why);
            return fail(PutStatus.SERVICE_NOT_AVAILABLE, why);
        } catch (RuntimeException e) {
            LOG.error("store {}: append failed", config.storePathRootDir(), e);
            return fail(PutStatus.UNKNOWN_ERROR, "append failed: " + e);
        } finally {
            unlock();
        }
        dispatcher.wakeup();
        counters.putCount.addAndGet(pms.length);
        counters.putBytes.addAndGet(appended.wroteBytes());
        List<String> ids = new ArrayList<>(pms.length);
        long phys = appended.wroteOffset();
        for (PreparedMessage pm : pms) {
            ids.add(MessageIds.createOffsetMsgId(pm.storeHostBytes(), phys));
            phys += pm.encodedLength();
        }
        PutResult ok = new PutResult(PutStatus.PUT_OK, appended.wroteOffset(), appended.wroteBytes(), queueOffset,
            pms.length, storeTs, List.copyOf(ids), null);
        if (config.flushDiskType() == FlushDiskType.SYNC_FLUSH && waitFlush) {
            return flushWorker.awaitFlush(appended.wroteOffset() + appended.wroteBytes(), ok);
        }
        return CompletableFuture.completedFuture(ok);
    }
}
