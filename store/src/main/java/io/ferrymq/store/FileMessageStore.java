package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.message.BatchCodec.BatchRecord;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.MessageView;
import io.ferrymq.common.message.PreparedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-based {@link MessageStore}: wires the {@link CommitLog}, the {@link Dispatcher} (consume queues and the
 * RocksDB {@link MessageIndex}), the {@link FlushWorker} and a housekeeping thread (consume-queue flush,
 * checkpoint, retention, disk checks, stats).
 *
 * <p>Appends: any thread may call {@link #put}/{@link #putBatch}; the message is encoded-prepared (CRC, UTF-8)
 * on the caller's thread, then {@code appendLock} is held only while queue offsets, the physical offset and the
 * store timestamp are assigned and the bytes copied into the mapped segment, so there is exactly one appender at a
 * time and the commit-log write position and queue-offset table need no other synchronisation.
 */
public final class FileMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileMessageStore.class);
    private static final int MAX_SCAN_PER_GET = 16_000;
    private static final int MAX_TOPIC_CHARS = 255;
    /** Longest wait for the append lock before answering OS_PAGE_CACHE_BUSY (RocketMQ osPageCacheBusyTimeOutMills). */
    private static final long APPEND_LOCK_TIMEOUT_MS = 1000;

    private enum State { NEW, RUNNING, SHUT_DOWN }

    private final MessageStoreConfig config;
    private final Clock clock;
    private final SegmentReclaimer reclaimer;
    private final CommitLog commitLog;
    private final Path checkpointFile;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues =
        new ConcurrentHashMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Store timestamp of the last append; guarded by appendLock. */
    private long lastStoreTimestamp;
    /** Next queue offset per "topic\u0000queueId"; guarded by appendLock. */
    private final Map<String, Long> queueOffsets = new HashMap<>();
    private MessageIndex index;
    private Dispatcher dispatcher;
    private FlushWorker flushWorker;
    private ScheduledExecutorService housekeeping;
    private volatile State state = State.NEW;
    /** Set when an append failed with an I/O error: puts are refused until restart. */
    private volatile String unavailableReason;
    private Retention retention;
    private final List<DispatchListener> pendingListeners = new ArrayList<>();

    private final AtomicLong putCount = new AtomicLong();
    private final AtomicLong putBytes = new AtomicLong();
    private final AtomicLong putFailures = new AtomicLong();
    private final AtomicLong flushTimeouts = new AtomicLong();
    private final AtomicLong getFound = new AtomicLong();
    private final AtomicLong getMiss = new AtomicLong();
    private final AtomicLong deletedSegments = new AtomicLong();
    private final AtomicLong unconsumedDeleted = new AtomicLong();
    private final AtomicLong backgroundErrors = new AtomicLong();
    private volatile double putTps;
    private long lastTpsCount;
    private long lastTpsNanos;
    private long lastRetentionRun;

    public FileMessageStore(MessageStoreConfig config) {
        this(config, Clock.SYSTEM, DiskUsage.FILE_SYSTEM, ZoneId.systemDefault());
    }

    /**
     * @param clock     time source (tests inject a manual one)
     * @param diskUsage used-space ratio source (tests simulate a full disk)
     * @param zone      zone of the deleteWhen hours
     */
    public FileMessageStore(MessageStoreConfig config, Clock clock, DiskUsage diskUsage, ZoneId zone) {
        this.config = config;
        this.clock = clock;
        this.reclaimer = new SegmentReclaimer(clock);
        this.commitLog = new CommitLog(config.commitLogDir(), config.mappedFileSizeCommitLog(), reclaimer);
        this.checkpointFile = config.storePathRootDir().resolve("checkpoint");
        this.retention = new Retention(config, clock, diskUsage, zone, commitLog, queues, deletedSegments,
            unconsumedDeleted, backgroundErrors);
    }

    public MessageStoreConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("store already started (state " + state + ")");
        }
        Files.createDirectories(config.storePathRootDir());
        index = new MessageIndex(config.indexDir());
        boolean ok = false;
        try {
            commitLog.load();
            Optional<Checkpoint> cp = Checkpoint.read(checkpointFile);
            long min = commitLog.minOffset();
            long safe = cp.map(c -> Math.min(c.commitLogFlushed(), c.dispatched())).orElse(min);
            safe = Math.max(safe, min);
            if (cp.isPresent() && !cp.get().clean()) {
                LOG.warn("store {} was not shut down cleanly; recovering from commit-log offset {}",
                    config.storePathRootDir(), safe);
            }
            long end = commitLog.recover(safe);
            commitLog.markFlushed(Math.min(safe, end) - Math.min(safe, end) % config.mappedFileSizeCommitLog());
            commitLog.flush();
            loadConsumeQueues(end);
            index.truncateFrom(end); // also lowers the index progress if it was past the recovered end
            index.deleteRange(0, commitLog.minOffset());
            dispatcher = new Dispatcher(commitLog, this::consumeQueueForDispatch, index, backgroundErrors);
            retention.attach(dispatcher, index);
            pendingListeners.forEach(dispatcher::addListener);
            long from = Math.max(min, Math.min(cp.map(Checkpoint::dispatched).orElse(min), end));
            // The index is written without a WAL and has its own progress (see MessageIndex): after a crash it
            // may be behind the checkpoint; rebuild that stretch index-only, then dispatch as usual.
            long indexFrom = Math.max(min, Math.min(index.progress(), end));
            if (indexFrom < from) {
                LOG.info("store {}: re-indexing commit log [{}, {})", config.storePathRootDir(), indexFrom, from);
                dispatcher.reindex(indexFrom, from);
            }
            dispatcher.resetTo(from);
            dispatcher.catchUp();
            rebuildQueueOffsets();
            new Checkpoint(commitLog.flushedOffset(), dispatcher.dispatchedOffset(), false).write(checkpointFile);
            LOG.info("store {} recovered: commit log [{}, {}), {} consume queues", config.storePathRootDir(),
                commitLog.minOffset(), end, queueCount());

            flushWorker = new FlushWorker(commitLog, config, clock, flushTimeouts, backgroundErrors, this::diskFailed);
            flushWorker.start();
            dispatcher.start();
            lastTpsNanos = clock.nanoTime();
            lastRetentionRun = lastTpsNanos;
            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "store-housekeeping");
                t.setDaemon(true);
                return t;
            });
            long tick = Math.min(1000, Math.min(config.flushIntervalConsumeQueue(), config.cleanResourceInterval()));
            housekeeping.scheduleWithFixedDelay(this::housekeepingTick, tick, tick, TimeUnit.MILLISECONDS);
            retention.checkDisk();
            state = State.RUNNING;
            ok = true;
        } catch (org.rocksdb.RocksDBException e) {
            throw new IOException("index recovery failed: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                state = State.SHUT_DOWN;
                if (flushWorker != null) {
                    try {
                        flushWorker.stop();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (dispatcher != null) {
                    try {
                        dispatcher.stop();
                    } catch (InterruptedException | RuntimeException ignored) {
                        // already failing
                    }
                }
                if (housekeeping != null) {
                    housekeeping.shutdownNow();
                }
                index.close();
            }
        }
    }

    private int queueCount() {
        return queues.values().stream().mapToInt(Map::size).sum();
    }

    private void loadConsumeQueues(long commitLogEnd) throws IOException {
        Path root = config.consumeQueueDir();
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> topics = Files.list(root)) {
            for (Path td : (Iterable<Path>) topics::iterator) {
                if (!Files.isDirectory(td)) {
                    continue;
                }
                String topic = td.getFileName().toString();
                try (Stream<Path> qs = Files.list(td)) {
                    for (Path qd : (Iterable<Path>) qs::iterator) {
                        int qid;
                        try {
                            qid = Integer.parseInt(qd.getFileName().toString());
                        } catch (NumberFormatException e) {
                            continue;
                        }
                        ConsumeQueue cq = new ConsumeQueue(topic, qid, qd, config.mappedFileSizeConsumeQueue(), reclaimer);
                        cq.load();
                        cq.truncateByCommitLog(commitLogEnd);
                        cq.deleteBefore(commitLog.minOffset());
                        queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(qid, cq);
                    }
                }
            }
        }
    }

    private void rebuildQueueOffsets() {
        appendLock.lock();
        try {
            queueOffsets.clear();
            queues.forEach((t, m) -> m.forEach((q, cq) -> queueOffsets.put(key(t, q), cq.maxOffset())));
        } finally {
            appendLock.unlock();
        }
    }

    private static String key(String topic, int queueId) {
        return topic + '\u0000' + queueId;
    }

    private ConsumeQueue consumeQueueForDispatch(String topic, int queueId) {
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(queueId,
            q -> new ConsumeQueue(topic, q, config.consumeQueueDir().resolve(topic).resolve(Integer.toString(q)),
                config.mappedFileSizeConsumeQueue(), reclaimer));
    }

    private ConsumeQueue findQueue(String topic, int queueId) {
        Map<Integer, ConsumeQueue> m = queues.get(topic);
        return m == null ? null : m.get(queueId);
    }

    @Override
    public synchronized void shutdown() {
        if (state != State.RUNNING) {
            state = State.SHUT_DOWN;
            return;
        }
        state = State.SHUT_DOWN;
        appendLock.lock(); // waits for an in-flight append to finish
        appendLock.unlock();
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(30, TimeUnit.SECONDS);
            dispatcher.stop();
            flushWorker.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forEachQueue(ConsumeQueue::flush);
        long end = commitLog.maxOffset();
        try {
            index.close();
            new Checkpoint(commitLog.flushedOffset(), dispatcher.dispatchedOffset(),
                commitLog.flushedOffset() == end && dispatcher.dispatchedOffset() == end).write(checkpointFile);
        } catch (IOException e) {
            LOG.error("store {}: writing the shutdown checkpoint failed; next start will scan", config
                .storePathRootDir(), e);
        }
        LOG.info("store {} shut down at commit-log offset {}", config.storePathRootDir(), end);
    }

    private void forEachQueue(java.util.function.Consumer<ConsumeQueue> action) {
        queues.values().forEach(m -> m.values().forEach(action));
    }

    /** The single place that takes the store out of service for puts after an I/O failure. */
    private void diskFailed(String reason) {
        if (unavailableReason == null) {
            unavailableReason = reason;
            LOG.error("store {} refuses puts: {}", config.storePathRootDir(), reason);
        }
    }

    private void requireRunning(String what) {
        if (state != State.RUNNING) {
            throw new IllegalStateException(what + ": store " + config.storePathRootDir() + " is "
                + (state == State.NEW ? "not started" : "shut down"));
        }
    }

    // ------------------------------------------------------------------ puts

    private String refuseReason() {
        if (state != State.RUNNING) {
            return state == State.NEW ? "store not started" : "store is shut down";
        }
        String failed = unavailableReason;
        return failed != null ? failed : retention.diskFullReason();
    }

    @Override
    public CompletableFuture<PutResult> put(MessageToStore m) {
        String refuse = refuseReason();
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

    @Override
    public CompletableFuture<PutResult> putBatch(BatchToStore b) {
        String refuse = refuseReason();
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
        putFailures.incrementAndGet();
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
            if (!appendLock.tryLock(APPEND_LOCK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return fail(PutStatus.OS_PAGE_CACHE_BUSY, "the appender was busy for over " + APPEND_LOCK_TIMEOUT_MS
                    + " ms (slow disk or page cache pressure); retry later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(PutStatus.UNKNOWN_ERROR, "interrupted while waiting for the appender");
        }
        try {
            String refuse = refuseReason();
            if (refuse != null) {
                return fail(PutStatus.SERVICE_NOT_AVAILABLE, refuse);
            }
            String k = key(topic, queueId);
            queueOffset = countsInQueue ? queueOffsets.getOrDefault(k, 0L) : 0L;
            // monotonic per store, so offsetByTime's binary search holds even if the wall clock steps back
            storeTs = Math.max(clock.currentTimeMillis(), lastStoreTimestamp);
            lastStoreTimestamp = storeTs;
            appended = commitLog.append(pms, queueOffset, storeTs);
            if (countsInQueue) {
                queueOffsets.put(k, queueOffset + pms.length);
            }
        } catch (IOException e) {
            String why = "commit-log append failed (" + e.getMessage() + "); the store refuses puts until restarted";
            LOG.error("store {}: append failed", config.storePathRootDir(), e);
            diskFailed(why);
            return fail(PutStatus.SERVICE_NOT_AVAILABLE, why);
        } catch (RuntimeException e) {
            LOG.error("store {}: append failed", config.storePathRootDir(), e);
            return fail(PutStatus.UNKNOWN_ERROR, "append failed: " + e);
        } finally {
            appendLock.unlock();
        }
        dispatcher.wakeup();
        putCount.addAndGet(pms.length);
        putBytes.addAndGet(appended.wroteBytes());
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

    // ------------------------------------------------------------------ reads

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxMsgs, int maxBytes, MessageFilter filter) {
        if (state == State.SHUT_DOWN) {
            return GetResult.empty(GetStatus.SERVICE_NOT_AVAILABLE, offset, 0, 0);
        }
        ConsumeQueue cq = findQueue(topic, queueId);
        if (cq == null) {
            getMiss.incrementAndGet();
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        GetResult r;
        if (max == 0) {
            r = GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        } else if (offset < min) {
            r = GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        } else if (offset == max) {
            r = GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        } else if (offset > max) {
            r = GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        } else {
            r = read(cq, offset, min, max, Math.max(1, maxMsgs), maxBytes, filter == null ? MessageFilter.ALL
                : filter);
        }
        (r.status() == GetStatus.FOUND ? getFound : getMiss).incrementAndGet();
        return r;
    }

    private GetResult read(ConsumeQueue cq, long offset, long min, long max, int maxMsgs, int maxBytes,
                           MessageFilter filter) {
        List<ByteBuffer> msgs = new ArrayList<>(Math.min(maxMsgs, 32));
        List<Long> offsets = new ArrayList<>(Math.min(maxMsgs, 32));
        long[] e = new long[3];
        long next = offset;
        int bytes = 0;
        boolean sawMissing = false;
        long clMin = commitLog.minOffset();
        long end = Math.min(max, offset + MAX_SCAN_PER_GET);
        for (long q = offset; q < end; q++) {
            if (!cq.read(q, e)) {
                sawMissing = true;
                next = q + 1;
                continue;
            }
            long phys = e[0];
            int size = (int) e[1];
            if (size <= 0 || phys < clMin) {
                sawMissing = true;
                next = q + 1;
                continue;
            }
            if (!msgs.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            next = q + 1;
            if (!filter.matchesTagsCode(e[2])) {
                continue;
            }
            ByteBuffer slice = commitLog.slice(phys, size);
            if (slice == null) {
                sawMissing = true;
                continue;
            }
            if (!filter.matchesMessage(slice.duplicate())) {
                continue;
            }
            msgs.add(slice);
            offsets.add(q);
            bytes += size;
            if (msgs.size() >= maxMsgs) {
                break;
            }
        }
        GetStatus st = !msgs.isEmpty() ? GetStatus.FOUND
            : sawMissing ? GetStatus.OFFSET_FOUND_NULL : GetStatus.NO_MATCHED_MESSAGE;
        return new GetResult(st, next, min, max, msgs, offsets, bytes);
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue cq = findQueue(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    @Override
    public long minOffset(String topic, int queueId) {
        ConsumeQueue cq = findQueue(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    private long storeTime(ConsumeQueue cq, long q) {
        long phys = cq.physOffset(q);
        return phys < 0 ? -1 : commitLog.storeTimestampAt(phys);
    }

    @Override
    public long offsetByTime(String topic, int queueId, long timestamp, TimeBoundary boundary) {
        ConsumeQueue cq = findQueue(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (boundary == TimeBoundary.LOWER) {
            long lo = min;
            long hi = max;
            while (lo < hi) { // first offset with storeTime >= timestamp
                long mid = (lo + hi) >>> 1;
                if (storeTime(cq, mid) < timestamp) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
        long lo = min;
        long hi = max;
        while (lo < hi) { // first offset with storeTime > timestamp
            long mid = (lo + hi) >>> 1;
            if (storeTime(cq, mid) <= timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == min ? min : lo - 1;
    }

    @Override
    public long earliestStoreTime(String topic, int queueId) {
        ConsumeQueue cq = findQueue(topic, queueId);
        return cq == null || cq.minOffset() >= cq.maxOffset() ? -1 : storeTime(cq, cq.minOffset());
    }

    @Override
    public long storeTimeAt(String topic, int queueId, long offset) {
        ConsumeQueue cq = findQueue(topic, queueId);
        if (cq == null || offset < cq.minOffset() || offset >= cq.maxOffset()) {
            return -1;
        }
        return storeTime(cq, offset);
    }

    @Override
    public ByteBuffer messageAt(long commitLogOffset) {
        return commitLog.messageAt(commitLogOffset);
    }

    @Override
    public ByteBuffer messageByOffsetMsgId(String offsetMsgId) {
        try {
            return messageAt(MessageIds.decodeOffsetMsgId(offsetMsgId).commitLogOffset());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public QueryResult query(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp) {
        if (state != State.RUNNING) {
            return new QueryResult(List.of(), List.of(), 0, -1);
        }
        return resolve(topic, index.queryKey(topic, key, maxNum, beginTimestamp, endTimestamp));
    }

    @Override
    public QueryResult queryByUniqKey(String topic, String uniqKey, int maxNum) {
        if (state != State.RUNNING) {
            return new QueryResult(List.of(), List.of(), 0, -1);
        }
        return resolve(topic, index.queryUniq(topic, uniqKey, maxNum));
    }

    private QueryResult resolve(String topic, List<Long> offsets) {
        List<ByteBuffer> msgs = new ArrayList<>();
        List<Long> found = new ArrayList<>();
        MessageView v = new MessageView();
        for (long off : offsets) {
            ByteBuffer m = commitLog.messageAt(off);
            if (m != null && topic.equals(v.wrap(m, 0).topic())) {
                msgs.add(m);
                found.add(off);
            }
        }
        return new QueryResult(msgs, found, dispatcher.lastIndexedTimestamp(), dispatcher.lastIndexedOffset());
    }

    @Override
    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    @Override
    public long commitLogMaxOffset() {
        return commitLog.maxOffset();
    }

    @Override
    public void deleteTopic(String topic) {
        requireRunning("deleteTopic");
        dispatcher.submit(() -> {
            Map<Integer, ConsumeQueue> m = queues.remove(topic);
            appendLock.lock();
            try {
                queueOffsets.keySet().removeIf(k -> k.startsWith(topic + '\u0000'));
            } finally {
                appendLock.unlock();
            }
            try {
                if (m != null) {
                    for (ConsumeQueue cq : m.values()) {
                        cq.destroy();
                    }
                }
                Files.deleteIfExists(config.consumeQueueDir().resolve(topic));
                index.deleteTopic(topic);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (org.rocksdb.RocksDBException e) {
                throw new IllegalStateException("index cleanup of topic " + topic + " failed", e);
            }
            LOG.info("store: deleted topic {}", topic);
        }).join();
        try {
            checkpoint(); // so a crash-restart does not re-dispatch the deleted topic's messages from an older point
        } catch (IOException e) {
            backgroundErrors.incrementAndGet();
            LOG.warn("checkpoint after deleting topic {} failed", topic, e);
        }
    }

    @Override
    public synchronized void addDispatchListener(DispatchListener listener) {
        if (dispatcher == null) {
            pendingListeners.add(listener);
        } else {
            dispatcher.addListener(listener);
        }
    }

    @Override
    public void setConsumedOffsetsView(ConsumedOffsetsView view) {
        retention.consumedOffsets(view == null ? ConsumedOffsetsView.NONE : view);
    }

    @Override
    public StoreStats stats() {
        long max = commitLog.maxOffset();
        long dispatched = dispatcher == null ? max : dispatcher.dispatchedOffset();
        boolean refusing = state == State.RUNNING && refuseReason() != null;
        return new StoreStats(putCount.get(), putBytes.get(), putTps, putFailures.get(), flushTimeouts.get(),
            getFound.get(), getMiss.get(), Math.max(0, max - dispatched), retention.diskRatio(), refusing,
            commitLog.minOffset(), max, deletedSegments.get(), unconsumedDeleted.get(), backgroundErrors.get(),
            commitLog.flushedOffset());
    }

    // ------------------------------------------------------------------ replication

    @Override
    public ByteBuffer readCommitLog(long offset, int maxBytes) {
        return commitLog.read(offset, maxBytes);
    }

    @Override
    public ReplicaAppendResult appendReplicated(long offset, ByteBuffer bytes) {
        String refuse = refuseReason();
        if (refuse != null) {
            return new ReplicaAppendResult(false, commitLog.maxOffset(), refuse);
        }
        appendLock.lock();
        try {
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
                int tran = MessageSysFlag.transactionValue(v.sysFlag());
                if (tran == MessageSysFlag.TRANSACTION_NOT_TYPE || tran == MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
                    next.put(key(v.topic(), v.queueId()), v.queueOffset() + 1);
                }
                pos += r;
            }
            commitLog.appendRaw(b);
            queueOffsets.putAll(next);
        } catch (IOException e) {
            String why = "replicated append failed (" + e.getMessage() + ")";
            diskFailed(why);
            return new ReplicaAppendResult(false, commitLog.maxOffset(), why);
        } finally {
            appendLock.unlock();
        }
        dispatcher.wakeup();
        return new ReplicaAppendResult(true, commitLog.maxOffset(), null);
    }

    @Override
    public void truncateCommitLog(long offset) throws IOException {
        requireRunning("truncateCommitLog");
        appendLock.lock();
        try {
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
                        for (Map<Integer, ConsumeQueue> m : queues.values()) {
                            for (ConsumeQueue cq : m.values()) {
                                cq.truncateByCommitLog(offset);
                            }
                        }
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
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw e;
            }
            queueOffsets.clear();
            queues.forEach((t, m) -> m.forEach((q, cq) -> queueOffsets.put(key(t, q), cq.maxOffset())));
        } finally {
            appendLock.unlock();
        }
    }

    // ------------------------------------------------------------------ housekeeping

    private void housekeepingTick() {
        try {
            long nowNanos = clock.nanoTime();
            if (nowNanos - lastTpsNanos >= 1_000_000_000L) {
                long c = putCount.get();
                putTps = (c - lastTpsCount) * 1e9 / (nowNanos - lastTpsNanos);
                lastTpsCount = c;
                lastTpsNanos = nowNanos;
            }
            checkpoint();
            reclaimer.reclaim(nowNanos, SegmentReclaimer.GRACE_NANOS);
            if (nowNanos - lastRetentionRun >= config.cleanResourceInterval() * 1_000_000L) {
                lastRetentionRun = nowNanos;
                runRetention();
            }
        } catch (IOException | RuntimeException e) {
            backgroundErrors.incrementAndGet();
            LOG.error("store housekeeping failed", e);
        }
    }

    /**
     * Forces consume queues, then records the safe point. The index is not covered: it keeps its own progress
     * inside RocksDB (see {@link MessageIndex}) and start-up re-indexes from there.
     */
    void checkpoint() throws IOException {
        long dispatched = dispatcher.dispatchedOffset();
        forEachQueue(ConsumeQueue::flush);
        new Checkpoint(commitLog.flushedOffset(), dispatched, false).write(checkpointFile);
    }

    /**
     * One retention pass (housekeeping thread; tests call it directly): disk check, then delete old commit-log
     * segments by the rules in {@link MessageStoreConfig}, then clean consume queues and indexes.
     *
     * @return number of commit-log segments deleted
     */
    public int runRetention() throws IOException {
        return retention.runOnce();
    }

    /** Test hook: unmaps retired segments as if their grace period were over. */
    int reclaimRetiredSegmentsNow() {
        return reclaimer.reclaim(clock.nanoTime(), 0);
    }

    /** Test hook: the append lock (hold it to simulate a stuck appender). */
    ReentrantLock appendLockForTest() {
        return appendLock;
    }

    /** Test hook: the flush worker (e.g. to slow its forces). */
    FlushWorker flushWorker() {
        return flushWorker;
    }
}
