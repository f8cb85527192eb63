package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume queue of one topic/queue: 20-byte entries ({@link ConsumeQueueLayout}) in fixed-size mapped
 * segments named by the byte offset of their first entry.
 *
 * <p>Threads: entries are written only by the dispatch thread ({@link #put}); {@link #flush} and
 * {@link #deleteBefore} run on the housekeeping thread; recovery and truncation run while the dispatch thread is
 * stopped. Readers use the volatile {@link #maxOffset()} / {@link #minOffset()} published after each change.
 */
final class ConsumeQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);
    private static final int ENTRY = ConsumeQueueLayout.ENTRY_SIZE;
    /**
     * Blocks reserved ahead of this queue's writer: 64 KiB (3,276 entries), not the commit log's 1 MiB, because a
     * broker may hold thousands of queues that each receive a few messages, and every new queue zero-fills its
     * first chunk: with 1 MiB, 800 new queues wrote 800 MiB of zeros (measured 2.4x the open-and-reserve time of
     * 64 KiB chunks in a stand-alone test of 800 queue files).
     */
    static final int RESERVE_CHUNK = 64 * 1024;

    private final String topic;
    private final int queueId;
    private final Path dir;
    private final int segmentSize;
    private final CopyOnWriteArrayList<MappedSegment> segments = new CopyOnWriteArrayList<>();
    /** Immutable copy of {@link #segments} for lock-free lookups; replaced after every change. */
    private volatile MappedSegment[] snapshot = new MappedSegment[0];
    private volatile long maxOffset;
    private volatile long minOffset;
    private volatile long flushedByte;
    /** A segment file was missing between others when the queue was loaded. */
    private boolean gapAtLoad;

    private final SegmentReclaimer reclaimer;

    ConsumeQueue(String topic, int queueId, Path dir, int segmentSize, SegmentReclaimer reclaimer) {
        this.reclaimer = reclaimer;
        this.topic = topic;
        this.queueId = queueId;
        this.dir = dir;
        this.segmentSize = segmentSize;
    }

    String topic() {
        return topic;
    }

    int queueId() {
        return queueId;
    }

    Path dir() {
        return dir;
    }

    long maxOffset() {
        return maxOffset;
    }

    long minOffset() {
        return minOffset;
    }

    /** True when {@link #load()} found a missing segment between others (a lost file). */
    boolean gapAtLoad() {
        return gapAtLoad;
    }

    /** Maps existing segments and finds the last written entry (the first all-zero entry ends the queue). */
    void load() throws IOException {
        List<Long> starts = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(MappedSegment::isSegmentName)
                    .forEach(n -> starts.add(Long.parseLong(n)));
            }
        }
        starts.sort(Comparator.naturalOrder());
        for (long st : starts) {
            if (!segments.isEmpty() && st != segments.get(segments.size() - 1).endOffset()) {
                gapAtLoad = true;
                LOG.warn("consume queue {}-{}: gap before segment {}, dropping older segments", topic, queueId, st);
                segments.clear();
            }
            segments.add(MappedSegment.open(dir, st, segmentSize));
        }
        refresh();
        long end = 0;
        for (int i = segments.size() - 1; i >= 0; i--) {
            MappedSegment seg = segments.get(i);
            int n = 0;
            while (n * ENTRY < segmentSize && seg.buffer().getInt(n * ENTRY + ConsumeQueueLayout.SIZE_OFFSET) > 0) {
                n++;
            }
            if (n > 0 || i == 0) {
                end = seg.startOffset() + (long) n * ENTRY;
                break;
            }
        }
        maxOffset = end / ENTRY;
        minOffset = segments.isEmpty() ? 0 : segments.get(0).startOffset() / ENTRY;
        flushedByte = end;
    }

    /** Removes entries whose message ends past {@code commitLogEnd} (after commit-log truncation). */
    void truncateByCommitLog(long commitLogEnd) throws IOException {
        long newMax = maxOffset;
        while (newMax > minOffset) {
            long phys = physOffset(newMax - 1);
            int size = sizeAt(newMax - 1);
            if (phys >= 0 && phys + size <= commitLogEnd) {
                break;
            }
            newMax--;
        }
        truncateTo(newMax);
    }

    /** Drops entries at and after queue offset {@code newMax}. */
    void truncateTo(long newMax) throws IOException {
        if (newMax >= maxOffset) {
            return;
        }
        LOG.warn("consume queue {}-{}: truncating from {} to {}", topic, queueId, maxOffset, newMax);
        long byteEnd = newMax * ENTRY;
        for (int i = segments.size() - 1; i >= 0; i--) {
            MappedSegment seg = segments.get(i);
            if (seg.startOffset() >= byteEnd && i > 0) {
                segments.remove(i);
                refresh();
                seg.delete(reclaimer);
            } else {
                int pos = (int) Math.max(0, byteEnd - seg.startOffset());
                if (pos < segmentSize) {
                    seg.zero(pos, segmentSize);
                }
                break;
            }
        }
        maxOffset = newMax;
        if (minOffset > newMax) {
            minOffset = newMax;
        }
        flushedByte = Math.min(flushedByte, byteEnd);
    }

    /**
     * Writes the entry of {@code queueOffset}; dispatch thread only. An offset below the end is a re-dispatch
     * after restart and is skipped; an offset past the end leaves a hole (logged) that reads report as missing.
     */
    void put(long queueOffset, long commitLogOffset, int size, long tagsCode) throws IOException {
        long max = maxOffset;
        if (queueOffset < max) {
            return;
        }
        if (queueOffset > max) {
            if (max == 0 && segments.isEmpty()) {
                minOffset = queueOffset;
            } else {
                LOG.warn("consume queue {}-{}: hole from {} to {}", topic, queueId, max, queueOffset);
            }
        }
        long byteOffset = queueOffset * ENTRY;
        MappedSegment seg = segmentForWrite(byteOffset);
        int pos = (int) (byteOffset - seg.startOffset());
        seg.reserve(pos, pos + ENTRY, RESERVE_CHUNK); // never store into a hole: on a full disk that is a SIGBUS
        ConsumeQueueLayout.write(seg.buffer(), (int) (byteOffset - seg.startOffset()), commitLogOffset, size,
            tagsCode);
        maxOffset = queueOffset + 1;
    }

    private MappedSegment segmentForWrite(long byteOffset) throws IOException {
        if (!segments.isEmpty()) {
            MappedSegment last = segments.get(segments.size() - 1);
            if (last.contains(byteOffset)) {
                return last;
            }
        }
        long start = byteOffset - byteOffset % segmentSize;
        Files.createDirectories(dir);
        // keep segments contiguous (lookups index into them): fill a hole with empty segments
        long next = segments.isEmpty() ? start : segments.get(segments.size() - 1).endOffset();
        MappedSegment seg = null;
        for (long st = Math.min(next, start); st <= start; st += segmentSize) {
            seg = MappedSegment.open(dir, st, segmentSize);
            segments.add(seg);
        }
        refresh();
        return seg;
    }

    private void refresh() {
        snapshot = segments.toArray(new MappedSegment[0]);
    }

    private MappedSegment segmentFor(long byteOffset) {
        MappedSegment[] segs = snapshot;
        if (segs.length == 0 || byteOffset < segs[0].startOffset()) {
            return null;
        }
        long idx = (byteOffset - segs[0].startOffset()) / segmentSize;
        return idx < segs.length ? segs[(int) idx] : null;
    }

    /** Commit-log offset of entry {@code queueOffset}, or -1 if not readable. */
    long physOffset(long queueOffset) {
        long b = queueOffset * ENTRY;
        MappedSegment s = segmentFor(b);
        return s == null ? -1 : s.buffer().getLong((int) (b - s.startOffset()));
    }

    int sizeAt(long queueOffset) {
        long b = queueOffset * ENTRY;
        MappedSegment s = segmentFor(b);
        return s == null ? 0 : s.buffer().getInt((int) (b - s.startOffset()) + ConsumeQueueLayout.SIZE_OFFSET);
    }

    long tagsCodeAt(long queueOffset) {
        long b = queueOffset * ENTRY;
        MappedSegment s = segmentFor(b);
        return s == null ? 0 : s.buffer().getLong((int) (b - s.startOffset()) + ConsumeQueueLayout.TAGS_CODE_OFFSET);
    }

    /** Entry reader positioned by the caller; returns false when the entry is not mapped. */
    boolean read(long queueOffset, long[] out) {
        long b = queueOffset * ENTRY;
        MappedSegment s = segmentFor(b);
        if (s == null) {
            return false;
        }
        int p = (int) (b - s.startOffset());
        ByteBuffer buf = s.buffer();
        out[0] = buf.getLong(p);
        out[1] = buf.getInt(p + ConsumeQueueLayout.SIZE_OFFSET);
        out[2] = buf.getLong(p + ConsumeQueueLayout.TAGS_CODE_OFFSET);
        return true;
    }

    /** Forces written entries; housekeeping thread. */
    void flush() {
        long end = maxOffset * ENTRY;
        long from = flushedByte;
        if (end <= from) {
            return;
        }
        for (MappedSegment seg : segments) {
            if (seg.endOffset() <= from || seg.startOffset() >= end) {
                continue;
            }
            seg.force((int) (Math.max(from, seg.startOffset()) - seg.startOffset()),
                (int) (Math.min(end, seg.endOffset()) - seg.startOffset()));
        }
        flushedByte = end;
    }

    /**
     * Retention: deletes whole segments (never the last) whose entries all point below {@code commitLogMin},
     * then moves {@link #minOffset()} to the first entry at or after it. Returns deleted segment count.
     */
    int deleteBefore(long commitLogMin) throws IOException {
        int deleted = 0;
        while (segments.size() > 1) {
            MappedSegment first = segments.get(0);
            long lastEntry = first.endOffset() / ENTRY - 1;
            long phys = physOffset(lastEntry);
            if (phys >= 0 && phys + sizeAt(lastEntry) <= commitLogMin) {
                minOffset = Math.max(minOffset, first.endOffset() / ENTRY);
                segments.remove(0);
                refresh();
                first.delete(reclaimer);
                deleted++;
            } else {
                break;
            }
        }
        // binary search for the first entry whose message is still in the commit log
        long lo = Math.max(minOffset, segments.isEmpty() ? 0 : segments.get(0).startOffset() / ENTRY);
        long hi = maxOffset;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long phys = physOffset(mid);
            if (phys >= 0 && phys < commitLogMin) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > minOffset) {
            minOffset = lo;
        }
        return deleted;
    }

    /** First queue offset whose message starts at or after commit-log offset {@code phys} (binary search). */
    long firstOffsetAtOrAfter(long phys) {
        long lo = minOffset;
        long hi = maxOffset;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long p = physOffset(mid);
            if (p >= 0 && p < phys) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Deletes every file of this queue (topic deletion). */
    void destroy() throws IOException {
        for (MappedSegment s : segments) {
            s.delete(reclaimer);
        }
        segments.clear();
        refresh();
        maxOffset = 0;
        minOffset = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // nothing on disk
        }
        Files.deleteIfExists(dir);
    }
}
