package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-based {@link MessageStore}: a facade that wires the store's parts and runs their life cycle.
 * <ul>
 *   <li>{@link CommitLog}: the segments of the append-only log;</li>
 *   <li>{@link Recovery}: start-up back to a consistent point;</li>
 *   <li>{@link Appender}: puts; alone owns the append lock, queue offsets and the last store timestamp;</li>
 *   <li>{@link StoreReader}: gets, offset and time lookups, queries;</li>
 *   <li>{@link ConsumeQueueTable}: the consume queues by topic and queue id;</li>
 *   <li>{@link ReplicaWriter}: a slave's replicated appends and truncation;</li>
 *   <li>{@link Dispatcher}, {@link FlushWorker}, {@link Housekeeping} (with {@link Retention}): the background
 *       workers, each a {@link io.ferrymq.common.worker.DutyCycleWorker};</li>
 *   <li>{@link StoreStatus} and {@link StoreCounters}: whether it serves, and its figures.</li>
 * </ul>
 * Faults the store cannot fix (failed flushes, failed background rounds, a disk failure that stops puts) are
 * recorded in its {@link FaultRegistry}.
 *
 * <p>Threads: {@link #start()} and {@link #shutdown()} are serialised; every other method may be called from any
 * thread (see the parts for who owns what).
 */
public final class FileMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileMessageStore.class);

    private final MessageStoreConfig config;
    private final Clock clock;
    private final FaultRegistry faults;
    private final SegmentReclaimer reclaimer;
    private final CommitLog commitLog;
    private final Path checkpointFile;
    private final ConsumeQueueTable queues;
    private final StoreCounters counters = new StoreCounters();
    private final StoreStatus status;
    private final DiskSpaceGuard diskSpace;
    /** Runs {@link DiskSpaceGuard#check()} every few hundred ms: a filling disk is refused within a second. */
    private final DutyCycleWorker diskGuardWorker;
    private final Retention retention;
    private final Appender appender;
    private final StoreReader reader;
    private final ReplicaWriter replicaWriter;
    private final Housekeeping housekeeping;
    private final List<DispatchListener> pendingListeners = new ArrayList<>();
    private MessageIndex index;
    private volatile Dispatcher dispatcher;
    private FlushWorker flushWorker;
    /** Reserves disk blocks ahead of the writer, outside the append lock. */
    private final BlockReserver blockReserver;

    public FileMessageStore(MessageStoreConfig config) {
        this(config, new FaultRegistry(Clock.SYSTEM));
    }

    /** @param faults where the store records its faults (the broker passes its own registry) */
    public FileMessageStore(MessageStoreConfig config, FaultRegistry faults) {
        this(config, Clock.SYSTEM, DiskUsage.FILE_SYSTEM, ZoneId.systemDefault(), faults);
    }

    /**
     * @param clock     time source (tests inject a manual one)
     * @param diskUsage used-space ratio source (tests simulate a full disk)
     * @param zone      zone of the deleteWhen hours
     */
    public FileMessageStore(MessageStoreConfig config, Clock clock, DiskUsage diskUsage, ZoneId zone) {
        this(config, clock, diskUsage, zone, new FaultRegistry(clock));
    }

    /** As above, recording faults in {@code faults}. */
    public FileMessageStore(MessageStoreConfig config, Clock clock, DiskUsage diskUsage, ZoneId zone,
                            FaultRegistry faults) {
        this.config = config;
        this.clock = clock;
        this.faults = faults;
        this.reclaimer = new SegmentReclaimer(clock);
        this.commitLog = new CommitLog(config.commitLogDir(), config.mappedFileSizeCommitLog(), reclaimer,
            CommitLog.WriteMode.of(config.flushDiskType()));
        this.checkpointFile = config.storePathRootDir().resolve("checkpoint");
        this.queues = new ConsumeQueueTable(config, reclaimer);
        this.diskSpace = new DiskSpaceGuard(config.storePathRootDir(), diskUsage, config.diskSpaceWarningLevelRatio(),
            faults);
        this.diskGuardWorker = DutyCycleWorker.periodic("store-disk-guard", clock, DiskSpaceGuard.CHECK_MILLIS,
            diskSpace::check, faults);
        this.retention = new Retention(config, clock, diskSpace, zone, commitLog, queues.asMap(), counters);
        this.status = new StoreStatus(config.storePathRootDir(), faults, diskSpace);
        this.appender = new Appender(config, clock, commitLog, status, counters);
        this.blockReserver = new BlockReserver(commitLog, counters.backgroundErrors, faults);
        this.reader = new StoreReader(commitLog, queues, status, counters, faults);
        this.replicaWriter = new ReplicaWriter(config, commitLog, appender, queues, status);
        this.housekeeping = new Housekeeping(config, clock, commitLog, queues, reclaimer, retention, counters,
            checkpointFile, faults);
    }

    public MessageStoreConfig config() {
        return config;
    }

    /** The registry the store records its faults in. */
    public FaultRegistry faults() {
        return faults;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() throws IOException {
        if (status.state() != StoreStatus.State.NEW) {
            throw new IllegalStateException("store already started (state " + status.state() + ")");
        }
        Files.createDirectories(config.storePathRootDir());
        index = new MessageIndex(config.indexDir(), MessageIndex.bucketBytesFor(config.mappedFileSizeCommitLog()));
        boolean ok = false;
        try {
            dispatcher = new Recovery(config, commitLog, queues, appender, counters, faults, checkpointFile)
                .recover(index, pendingListeners);
            retention.attach(dispatcher, index);
            flushWorker = new FlushWorker(commitLog, config, clock, counters.flushTimeouts, counters::recordForce,
                counters.backgroundErrors, status::diskFailed, faults);
            appender.attach(dispatcher, flushWorker);
            reader.attach(index, dispatcher);
            replicaWriter.attach(dispatcher, index);
            flushWorker.start();
            blockReserver.start();
            dispatcher.start();
            housekeeping.start(dispatcher);
            retention.checkDisk();
            diskGuardWorker.start();
            status.state(StoreStatus.State.RUNNING);
            ok = true;
        } catch (org.rocksdb.RocksDBException e) {
            throw new IOException("index recovery failed: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                status.state(StoreStatus.State.SHUT_DOWN);
                diskGuardWorker.close();
                housekeeping.stop();
                blockReserver.stop();
                if (flushWorker != null) {
                    flushWorker.stop();
                }
                if (dispatcher != null) {
                    try {
                        dispatcher.stop();
                    } catch (RuntimeException ignored) {
                        // already failing; the start-up failure is what the caller sees
                    }
                }
                index.close();
            }
        }
    }

    @Override
    public synchronized void shutdown() {
        if (status.state() != StoreStatus.State.RUNNING) {
            status.state(StoreStatus.State.SHUT_DOWN);
            return;
        }
        status.state(StoreStatus.State.SHUT_DOWN);
        appender.drain(); // waits for an in-flight append to finish
        blockReserver.stop();
        diskGuardWorker.close();
        housekeeping.stop();
        dispatcher.stop();
        flushWorker.stop();
        commitLog.closeWriter();
        queues.forEach(ConsumeQueue::flush);
        long end = commitLog.maxOffset();
        try {
            index.close();
            new Checkpoint(commitLog.flushedOffset(), dispatcher.dispatchedOffset(),
                commitLog.flushedOffset() == end && dispatcher.dispatchedOffset() == end, queues.entrySum())
                .write(checkpointFile);
        } catch (IOException e) {
            faults.record("store.checkpoint_failed", e);
            LOG.error("store {}: writing the shutdown checkpoint failed; next start will scan", config
                .storePathRootDir(), e);
        }
        LOG.info("store {} shut down at commit-log offset {}", config.storePathRootDir(), end);
    }

    // ------------------------------------------------------------------ puts and reads

    @Override
    public CompletableFuture<PutResult> put(MessageToStore m) {
        return appender.put(m);
    }

    @Override
    public CompletableFuture<PutResult> putBatch(BatchToStore b) {
        return appender.putBatch(b);
    }

    @Override
    public long appendBusyNanos() {
        return appender.busyNanos();
    }

    @Override
    public boolean appendDoingFileIo() {
        return commitLog.growing();
    }

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxMsgs, int maxBytes, MessageFilter filter) {
        return reader.get(topic, queueId, offset, maxMsgs, maxBytes, filter);
    }

    @Override
    public List<ConsumeQueueEntry> consumeQueueEntries(String topic, int queueId, long fromOffset, int count) {
        return reader.consumeQueueEntries(topic, queueId, fromOffset, count);
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        return reader.maxOffset(topic, queueId);
    }

    @Override
    public long minOffset(String topic, int queueId) {
        return reader.minOffset(topic, queueId);
    }

    @Override
    public long offsetByTime(String topic, int queueId, long timestamp, TimeBoundary boundary) {
        return reader.offsetByTime(topic, queueId, timestamp, boundary);
    }

    @Override
    public long earliestStoreTime(String topic, int queueId) {
        return reader.earliestStoreTime(topic, queueId);
    }

    @Override
    public long storeTimeAt(String topic, int queueId, long offset) {
        return reader.storeTimeAt(topic, queueId, offset);
    }

    @Override
    public ByteBuffer messageAt(long commitLogOffset) {
        return reader.messageAt(commitLogOffset);
    }

    @Override
    public ByteBuffer messageByOffsetMsgId(String offsetMsgId) {
        return reader.messageByOffsetMsgId(offsetMsgId);
    }

    @Override
    public QueryResult query(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp) {
        return reader.query(topic, key, maxNum, beginTimestamp, endTimestamp);
    }

    @Override
    public QueryResult queryByUniqKey(String topic, String uniqKey, int maxNum) {
        return reader.queryByUniqKey(topic, uniqKey, maxNum);
    }

    @Override
    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    @Override
    public long commitLogMaxOffset() {
        return commitLog.maxOffset();
    }

    // ------------------------------------------------------------------ topics, listeners, figures

    @Override
    public void deleteTopic(String topic) {
        status.requireRunning("deleteTopic");
        dispatcher.submit(() -> {
            Map<Integer, ConsumeQueue> m = queues.remove(topic);
            appender.forgetTopic(topic);
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
            housekeeping.checkpoint(); // so a crash-restart does not re-dispatch the deleted topic from an older point
        } catch (IOException e) {
            counters.backgroundErrors.incrementAndGet();
            faults.record("store.checkpoint_failed", e);
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
    public void forceLatencyTo(LongConsumer sink) {
        counters.forceLatencyTo(sink);
    }

    @Override
    public StoreStats stats() {
        long max = commitLog.maxOffset();
        Dispatcher d = dispatcher;
        long dispatched = d == null ? max : d.dispatchedOffset();
        boolean refusing = status.running() && status.refuseReason() != null;
        StoreCounters c = counters;
        return new StoreStats(c.putCount.get(), c.putBytes.get(), c.putTps(), c.putFailures.get(),
            c.flushTimeouts.get(), c.getFound.get(), c.getMiss.get(), Math.max(0, max - dispatched),
            retention.diskRatio(), refusing, commitLog.minOffset(), max, c.deletedSegments.get(),
            c.unconsumedDeleted.get(), c.backgroundErrors.get(), commitLog.flushedOffset(), c.deletedBytes.get());
    }

    // ------------------------------------------------------------------ replication

    @Override
    public ByteBuffer readCommitLog(long offset, int maxBytes) {
        return commitLog.read(offset, maxBytes);
    }

    @Override
    public ReplicaAppendResult appendReplicated(long offset, ByteBuffer bytes) {
        return replicaWriter.appendReplicated(offset, bytes);
    }

    @Override
    public void holdPuts(String reason) {
        status.holdPuts(reason);
    }

    @Override
    public void releasePuts() {
        status.releasePuts();
    }

    @Override
    public void truncateCommitLog(long offset) throws IOException {
        replicaWriter.truncateCommitLog(offset);
    }

    @Override
    public long corruptEntryToRepair() {
        return reader.corruptEntryToRepair();
    }

    @Override
    public boolean repairEntry(long offset, ByteBuffer entry) {
        int size = reader.takeCorrupt(offset);
        if (size < 0) {
            return false;
        }
        try {
            boolean repaired = replicaWriter.repairEntry(offset, size, entry);
            if (repaired) {
                LOG.warn("store {}: repaired the corrupt message at commit-log offset {} ({} bytes) from the master's "
                    + "copy", config.storePathRootDir(), offset, size);
            }
            return repaired;
        } catch (IOException e) {
            faults.record("store.repair_failed", "repairing commit-log offset " + offset + ": "
                + FaultRegistry.describe(e));
            return false;
        }
    }

    // ------------------------------------------------------------------ retention and test hooks

    /**
     * One retention pass (housekeeping thread; tests call it directly): disk check, then delete old commit-log
     * segments by the rules in {@link MessageStoreConfig}, then clean consume queues and indexes.
     *
     * @return number of commit-log segments deleted
     */
    public int runRetention() throws IOException {
        return retention.runOnce();
    }

    @Override
    public int deleteExpiredFilesNow() throws IOException {
        status.requireRunning("deleteExpiredFilesNow");
        return retention.runManually();
    }

    @Override
    public int cleanExpiredConsumeQueues() {
        status.requireRunning("cleanExpiredConsumeQueues");
        return retention.cleanConsumeQueues();
    }

    @Override
    public java.util.Set<String> topicsWithQueues() {
        return java.util.Set.copyOf(queues.asMap().keySet());
    }

    /** Test hook: unmaps retired segments as if their grace period were over. */
    int reclaimRetiredSegmentsNow() {
        return reclaimer.reclaim(clock.nanoTime(), 0);
    }

    /** Test hook: runs {@code work} holding the append lock, as replication's writes do. */
    <T> T exclusiveForTest(Appender.Exclusive<T> work) throws java.io.IOException {
        return appender.exclusive(work);
    }

    /** Test hook: the append lock (hold it to simulate a stuck appender). */
    ReentrantLock appendLockForTest() {
        return appender.lockForTest();
    }

    /** Test hook: the flush worker (e.g. to slow its forces). */
    FlushWorker flushWorker() {
        return flushWorker;
    }
}
