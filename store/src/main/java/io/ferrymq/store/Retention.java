package io.ferrymq.store;

import io.ferrymq.common.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention and disk guard. Each pass: measure disk usage (over diskSpaceWarningLevelRatio puts are refused, see
 * {@link #diskFullReason()}); delete the oldest full commit-log segments (never the current one) that are older
 * than fileReservedTime at a deleteWhen hour, or, one per pass, whatever their age while the disk is over
 * diskMaxUsedSpaceRatio (or the log over that share of maxStoreSizeBytes); with deleteOnlyConsumed, keep
 * expired segments holding messages a group has not consumed (disk pressure still wins); always log and count
 * unconsumed messages that are deleted; then have the dispatch thread cut consume queues and index entries
 * below the new minimum.
 *
 * <p>Threads: passes run on the store's housekeeping thread or a caller (tests, admin), serialised by a lock;
 * consume-queue and index cleanup is handed to the dispatch thread as a command.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final MessageStoreConfig config;
    private final Clock clock;
    private final DiskSpaceGuard guard;
    private final ZoneId zone;
    private final CommitLog commitLog;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues;
    private final StoreCounters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private Dispatcher dispatcher;
    private MessageIndex index;
    private volatile ConsumedOffsetsView consumedOffsets = ConsumedOffsetsView.NONE;
    private volatile double diskRatio;
    private long lastUnconsumedWarn;
    /**
     * Last store timestamp of each sealed segment, by its start offset, valid while {@link #memoTruncations} equals
     * the log's truncation count. A sealed segment does not change, and finding its last timestamp walks every
     * entry header in it (about a million in a full 1 GiB segment): profiled at 29% of a busy broker's CPU when
     * every pass walked it again. Guarded by {@link #lock}.
     */
    private final Map<Long, Long> sealedLastTimestamps = new HashMap<>();
    private long memoTruncations;

    Retention(MessageStoreConfig config, Clock clock, DiskSpaceGuard guard, ZoneId zone, CommitLog commitLog,
              ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues, StoreCounters counters) {
        this.config = config;
        this.clock = clock;
        this.guard = guard;
        this.zone = zone;
        this.commitLog = commitLog;
        this.queues = queues;
        this.counters = counters;
    }

    /** Wires the components created during start-up. */
    void attach(Dispatcher dispatcher, MessageIndex index) {
        this.dispatcher = dispatcher;
        this.index = index;
    }

    void consumedOffsets(ConsumedOffsetsView view) {
        this.consumedOffsets = view;
    }

    double diskRatio() {
        return diskRatio;
    }

    /** Why puts are refused for lack of space, or null (the {@link DiskSpaceGuard}'s verdict). */
    String diskFullReason() {
        return guard.refusal();
    }

    private ConsumeQueue findQueue(String topic, int queueId) {
        Map<Integer, ConsumeQueue> m = queues.get(topic);
        return m == null ? null : m.get(queueId);
    }

    /** Measures disk usage and sets or clears the disk-full refusal (through the guard). */
    void checkDisk() {
        diskRatio = guard.check();
    }

    /** One retention pass; see the class doc. Returns the number of commit-log segments deleted. */
    int runOnce() throws IOException {
        lock.lock();
        try {
            return pass(false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pass asked for by an operator (mqadmin deleteExpiredCommitLog): as {@link #runOnce()}, but expired segments
     * (older than fileReservedTime) are deleted now whatever the hour, as at a deleteWhen hour.
     */
    int runManually() throws IOException {
        lock.lock();
        try {
            return pass(true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cuts every consume queue and the index below the commit log's minimum now (mqadmin cleanExpiredCQ); a pass
     * that deletes segments does the same. Returns the consume-queue segments deleted.
     */
    int cleanConsumeQueues() {
        lock.lock();
        try {
            return cutBelow(commitLog.minOffset());
        } finally {
            lock.unlock();
        }
    }

    private int cutBelow(long min) {
        int[] deleted = {0};
        dispatcher.submit(() -> {
            try {
                for (Map<Integer, ConsumeQueue> m : queues.values()) {
                    for (ConsumeQueue cq : m.values()) {
                        deleted[0] += cq.deleteBefore(min);
                    }
                }
                index.deleteRange(0, min);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (org.rocksdb.RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }).join();
        return deleted[0];
    }

    private int pass(boolean manual) throws IOException {
        checkDisk();
        long now = clock.currentTimeMillis();
        int hour = Instant.ofEpochMilli(now).atZone(zone).getHour();
        boolean timeToDelete = manual || config.deleteWhenHours().contains(hour);
        long used = commitLog.maxOffset() - commitLog.minOffset();
        long limit = config.maxStoreSizeBytes();
        boolean overRatio = diskRatio * 100 > config.diskMaxUsedSpaceRatio()
            || (limit > 0 && used * 100 > limit * config.diskMaxUsedSpaceRatio());
        long reserveMs = config.fileReservedTime() * 3_600_000L;
        if (!timeToDelete && !overRatio) {
            return 0; // nothing may go in this pass, so no segment needs reading
        }
        Collection<ConsumedOffsetsView.CommittedOffset> committed = consumedOffsets.committedOffsets();
        int deleted = 0;
        boolean pressureDeleted = false;
        while (commitLog.segments().size() > 1) {
            MappedSegment seg = commitLog.segments().get(0);
            long last = sealedLastStoreTimestamp(seg);
            boolean expired = last < 0 || last + reserveMs <= now;
            boolean byTime = timeToDelete && expired;
            boolean byPressure = overRatio && !pressureDeleted;
            if (!byTime && !byPressure) {
                break;
            }
            long unconsumed = unconsumedIn(committed, seg.startOffset(), seg.endOffset());
            if (unconsumed > 0 && config.deleteOnlyConsumed() && !byPressure) {
                if (now - lastUnconsumedWarn > 60_000) {
                    lastUnconsumedWarn = now;
                    LOG.warn("retention: keeping expired segment {}: {} messages in it or before it are not consumed"
                        + " yet by some subscribed group (deleteOnlyConsumed=true)", seg, unconsumed);
                }
                break;
            }
            if (unconsumed > 0) {
                counters.unconsumedDeleted.addAndGet(unconsumed);
                LOG.warn("retention: deleting segment {} ({}) removes {} messages some group has not consumed",
                    seg, byPressure ? "disk pressure" : "expired", unconsumed);
            }
            long segmentBytes = seg.size();
            if (!commitLog.deleteFirstSegment()) {
                break;
            }
            sealedLastTimestamps.remove(seg.startOffset());
            counters.deletedSegments.incrementAndGet();
            counters.deletedBytes.addAndGet(segmentBytes);
            deleted++;
            if (byPressure && !byTime) {
                pressureDeleted = true;
            }
        }
        if (deleted > 0) {
            cutBelow(commitLog.minOffset());
            checkDisk();
        }
        return deleted;
    }

    /** {@link CommitLog#lastStoreTimestamp} of a sealed segment, walked once per segment (and again after a cut). */
    private long sealedLastStoreTimestamp(MappedSegment seg) {
        long truncations = commitLog.truncations();
        if (truncations != memoTruncations) {
            sealedLastTimestamps.clear();
            memoTruncations = truncations;
        }
        Long known = sealedLastTimestamps.get(seg.startOffset());
        if (known != null) {
            return known;
        }
        long last = commitLog.lastStoreTimestamp(seg);
        if (commitLog.truncations() == truncations) { // not cut while walking it
            sealedLastTimestamps.put(seg.startOffset(), last);
        }
        return last;
    }

    /** Messages in commit-log range [start, end) that some group has not consumed yet (summed per group). */
    private long unconsumedIn(Collection<ConsumedOffsetsView.CommittedOffset> committed, long start, long end) {
        long n = 0;
        for (ConsumedOffsetsView.CommittedOffset c : committed) {
            ConsumeQueue cq = findQueue(c.topic(), c.queueId());
            if (cq == null) {
                continue;
            }
            long firstKept = cq.firstOffsetAtOrAfter(end);
            long from = Math.max(c.offset(), Math.max(cq.minOffset(), cq.firstOffsetAtOrAfter(start)));
            if (firstKept > from) {
                n += firstKept - from;
            }
        }
        return n;
    }
}
