package io.ferrymq.store;

import io.ferrymq.common.fault.FaultRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery: brings the commit log, consume queues, index and queue offsets back to one consistent point.
 * From the checkpoint's safe offset (the lower of flushed and dispatched; the log's minimum without one) the
 * commit log is scanned to its last valid entry and cut there; consume queues and index entries past that end
 * are cut; the index is rebuilt where a crash left it behind the checkpoint; the dispatcher catches up to the end;
 * and the appender's queue offsets are taken from the consume queues. Ends by writing an unclean checkpoint, so a
 * crash before the next clean shutdown is detected.
 *
 * <p>Threads: the thread starting the store, before any worker runs.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /** Fault: the checkpoint could not be read; recovery scanned and dispatched the whole commit log. */
    static final String CHECKPOINT_UNREADABLE = "store.checkpoint_unreadable";
    /** Fault: a damaged entry inside the commit log (not at its end) was found by the recovery scan and kept. */
    static final String CORRUPT_KEPT = "store.corrupt_entry_kept";
    /** Fault: consume-queue files were lost; every queue was rebuilt from the commit log. */
    static final String QUEUES_REBUILT = "store.consume_queues_rebuilt";

    private final MessageStoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final Appender appender;
    private final StoreCounters counters;
    private final FaultRegistry faults;
    private final Path checkpointFile;

    Recovery(MessageStoreConfig config, CommitLog commitLog, ConsumeQueueTable queues, Appender appender,
             StoreCounters counters, FaultRegistry faults, Path checkpointFile) {
        this.config = config;
        this.commitLog = commitLog;
        this.queues = queues;
        this.appender = appender;
        this.counters = counters;
        this.faults = faults;
        this.checkpointFile = checkpointFile;
    }

    /**
     * Recovers the store's files over {@code index} and returns the dispatcher, caught up to the commit-log end,
     * with {@code listeners} attached (its worker not started).
     */
    Dispatcher recover(MessageIndex index, List<DispatchListener> listeners)
        throws IOException, org.rocksdb.RocksDBException {
        commitLog.load();
        Optional<Checkpoint> cp;
        try {
            cp = Checkpoint.read(checkpointFile);
        } catch (IOException e) {
            // e.g. cut short by a crash of the disk under it: start as if there were none (scan and dispatch
            // everything), which is slower but loses nothing
            faults.record(CHECKPOINT_UNREADABLE, FaultRegistry.describe(e));
            LOG.error("store {}: {}; recovering from the start of the commit log", config.storePathRootDir(),
                e.getMessage());
            cp = Optional.empty();
        }
        long min = commitLog.minOffset();
        long safe = cp.map(c -> Math.min(c.commitLogFlushed(), c.dispatched())).orElse(min);
        safe = Math.max(safe, min);
        if (cp.isPresent() && !cp.get().clean()) {
            LOG.warn("store {} was not shut down cleanly; recovering from commit-log offset {}",
                config.storePathRootDir(), safe);
        }
        long end = commitLog.recover(safe);
        for (long at : commitLog.corruptKept()) {
            faults.record(CORRUPT_KEPT, "the commit-log entry at offset " + at + " fails its CRC; valid entries "
                + "follow, so it was kept (never served) instead of cutting the log there");
        }
        commitLog.markFlushed(Math.min(safe, end) - Math.min(safe, end) % config.mappedFileSizeCommitLog());
        commitLog.flush();
        long found = queues.load(end, commitLog.minOffset());
        boolean queuesLost = queues.anyGapAtLoad() || cp.isPresent() && found < cp.get().queueEntries();
        if (queuesLost) {
            String why = "consume-queue files are missing (found " + found + " entries, the checkpoint "
                + "recorded " + cp.map(Checkpoint::queueEntries).orElse(0L) + (queues.anyGapAtLoad()
                ? ", a queue has a gap between its files" : "") + "); rebuilding every consume queue from the "
                + "commit log";
            faults.record(QUEUES_REBUILT, why);
            LOG.error("store {}: {}", config.storePathRootDir(), why);
            queues.destroyAll();
        }
        index.truncateFrom(end); // also lowers the index progress if it was past the recovered end
        index.deleteRange(0, commitLog.minOffset());
        Dispatcher dispatcher = new Dispatcher(commitLog, queues::getOrCreate, index, counters.backgroundErrors,
            faults);
        listeners.forEach(dispatcher::addListener);
        long from = queuesLost ? min : Math.max(min, Math.min(cp.map(Checkpoint::dispatched).orElse(min), end));
        // The index is written without a WAL and has its own progress (see MessageIndex): after a crash it
        // may be behind the checkpoint; rebuild that stretch index-only, then dispatch as usual.
        long indexFrom = Math.max(min, Math.min(index.progress(), end));
        if (indexFrom < from) {
            LOG.info("store {}: re-indexing commit log [{}, {})", config.storePathRootDir(), indexFrom, from);
            dispatcher.reindex(indexFrom, from);
        }
        dispatcher.resetTo(from);
        dispatcher.catchUp();
        appender.rebuildQueueOffsets(queues);
        new Checkpoint(commitLog.flushedOffset(), dispatcher.dispatchedOffset(), false, queues.entrySum())
            .write(checkpointFile);
        LOG.info("store {} recovered: commit log [{}, {}), {} consume queues", config.storePathRootDir(),
            commitLog.minOffset(), end, queues.count());
        return dispatcher;
    }
}
