package io.ferrymq.store;

import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageLayout;
import io.ferrymq.common.message.PreparedMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit log: fixed-size mapped segments named by start offset; each holds whole stored messages
 * ({@link MessageLayout}) and, when the next message does not fit, ends with a blank marker, so a message never
 * spans two segments.
 *
 * <p>How appends reach the segment is the {@link WriteMode}: under SYNC_FLUSH by positional writes
 * ({@link SegmentWriter}), otherwise stored through the mapping. Everything else (reads, recovery, the slave's
 * repairs) uses the mapping, which shows the same page cache.
 *
 * <p>Threads: {@link #append} runs under the store's append lock (held only while offsets are assigned and bytes
 * are written), so there is exactly one appender at a time and the write position needs no other
 * synchronisation; the end is published through the volatile {@link #maxOffset()} after the bytes are written,
 * which is what makes them visible to readers, the dispatcher and the flusher. {@link #flush} runs on the flush
 * thread only. Segment removal ({@link #deleteSegment}) runs on the housekeeping thread.
 */
final class CommitLog {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);

    private final Path dir;
    private final int segmentSize;
    private final CopyOnWriteArrayList<MappedSegment> segments = new CopyOnWriteArrayList<>();
    /** Immutable copy of {@link #segments} for lock-free lookups by index; replaced after every change. */
    private volatile MappedSegment[] snapshot = new MappedSegment[0];
    private volatile long maxOffset;
    /** Times the log was cut back ({@link #truncateTo}): what was learned about a sealed segment may be stale after. */
    private volatile long truncations;
    private volatile long minOffset;
    private volatile long flushedOffset;
    /**
     * True while the append-lock holder does file I/O: creating and mapping a segment, or writing zeros to reserve
     * disk blocks. Read lock-free ({@link #growing()}) by callers that must not wait behind it.
     */
    private volatile boolean growing;
    /**
     * Woken when the writer enters a new reserve chunk with fewer than {@link BlockReserver#WAKE_LEAD} bytes
     * reserved ahead of it, so the zeros are written on the reserver's thread instead of inside the append lock;
     * null while no reserver runs (start-up, tests): then the writer reserves everything itself, as before.
     */
    private volatile Runnable reserveAhead;
    /** Offsets of damaged entries recovery kept (start-up thread only). */
    private final List<Long> corruptKept = new ArrayList<>();

    /**
     * How appends are written. {@link #PWRITE} when every put waits for a force (SYNC_FLUSH): a page dirtied through
     * the shared mapping costs each force a TLB shoot-down on every core running the broker and the next store a
     * fault, and a force took about 2.5 times as long ({@link SegmentWriter}). {@link #MAPPING} otherwise: without
     * a force per put, the system call per append costs more than it saves (row 1c of docs/benchmarks.md, "Appends
     * by positional write": lower throughput and a higher p99 than stores through the mapping).
     */
    enum WriteMode {
        MAPPING, PWRITE;

        static WriteMode of(FlushDiskType flush) {
            return flush == FlushDiskType.SYNC_FLUSH ? PWRITE : MAPPING;
        }
    }

    /** Result of one append: offset of the first message and bytes written. */
    record Appended(long wroteOffset, int wroteBytes) {
    }

    private final SegmentReclaimer reclaimer;
    private final WriteMode writeMode;
    /** Writes appends into the current segment under {@link WriteMode#PWRITE}; append-lock holder only. */
    private final SegmentWriter writer = new SegmentWriter();
    /**
     * Where an append's messages are encoded before they are written in one call (PWRITE only, created on first
     * use); append-lock holder only.
     */
    private ByteBuffer encodeBuffer;
    /** Test hook of power-loss tests; does nothing unless its system property is set. */
    private final ForcedOffsetRecorder forcedOffsets = ForcedOffsetRecorder.fromSystemProperty();

    /** A log whose appends are stored through the mapping (tools and tests). */
    CommitLog(Path dir, int segmentSize, SegmentReclaimer reclaimer) {
        this(dir, segmentSize, reclaimer, WriteMode.MAPPING);
    }

    CommitLog(Path dir, int segmentSize, SegmentReclaimer reclaimer, WriteMode writeMode) {
        this.writeMode = writeMode;
        this.reclaimer = reclaimer;
        this.dir = dir;
        this.segmentSize = segmentSize;
    }

    int segmentSize() {
        return segmentSize;
    }

    /** Maps every existing segment; call {@link #recover} next. */
    void load() throws IOException {
        Files.createDirectories(dir);
        List<Long> starts = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(MappedSegment::isSegmentName)
                .forEach(n -> starts.add(Long.parseLong(n)));
        }
        starts.sort(null);
        for (int i = 0; i < starts.size(); i++) {
            long st = starts.get(i);
            if (st % segmentSize != 0) {
                throw new IOException("commit-log segment " + MappedSegment.fileName(st) + " in " + dir
                    + " does not start at a multiple of mappedFileSizeCommitLog=" + segmentSize);
            }
            if (i > 0 && st != starts.get(i - 1) + segmentSize) {
                throw new IOException("commit-log segments in " + dir + " are not contiguous: "
                    + MappedSegment.fileName(starts.get(i - 1)) + " then " + MappedSegment.fileName(st));
            }
            segments.add(MappedSegment.open(dir, st, segmentSize));
        }
        refresh();
        minOffset = segments.isEmpty() ? 0 : segments.get(0).startOffset();
    }

    /**
     * Scans from the start of the segment holding {@code safeOffset} (everything before it is trusted), checks
     * magic, length and body CRC of each entry, and cuts the log at the first entry that fails: the rest of that
     * segment is zeroed and later segments deleted. Returns the end offset.
     */
    long recover(long safeOffset) throws IOException {
        if (segments.isEmpty()) {
            maxOffset = minOffset;
            flushedOffset = maxOffset;
            return maxOffset;
        }
        int idx = segments.size() - 1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).contains(safeOffset)) {
                idx = i;
                break;
            }
        }
        if (safeOffset < segments.get(0).startOffset()) {
            idx = 0;
        }
        long end = -1;
        String why = null;
        scan:
        for (int i = idx; i < segments.size(); i++) {
            MappedSegment seg = segments.get(i);
            ByteBuffer buf = seg.buffer();
            int pos = 0;
            while (true) {
                int r = MessageDecoder.check(buf, pos, segmentSize, true);
                if (r > 0) {
                    pos += r;
                } else if (r == MessageDecoder.CHECK_BLANK) {
                    if (i == segments.size() - 1) {
                        // a full last segment: the next append opens the following one
                        end = seg.endOffset();
                        break scan;
                    }
                    break; // next segment
                } else {
                    int kept = r == MessageDecoder.CHECK_CORRUPT ? corruptButFollowed(buf, pos) : -1;
                    if (kept > 0) {
                        // a damaged entry inside the log (e.g. a flipped bit), not a torn tail: valid entries
                        // follow, so cutting here would throw them away; keep it (reads never serve it)
                        long at = seg.startOffset() + pos;
                        corruptKept.add(at);
                        LOG.error("commit log: the entry at offset {} ({} bytes) fails its CRC but valid entries "
                            + "follow; kept in place, never served", at, kept);
                        pos += kept;
                        if (pos >= segmentSize) {
                            end = seg.endOffset();
                            break scan;
                        }
                        continue;
                    }
                    end = seg.startOffset() + pos;
                    if (r == MessageDecoder.CHECK_CORRUPT) {
                        why = "corrupt or torn entry";
                    }
                    break scan;
                }
                if (pos >= segmentSize) {
                    end = seg.endOffset();
                    if (i < segments.size() - 1) {
                        why = "segment filled without blank marker";
                        break scan;
                    }
                    break scan;
                }
            }
        }
        if (end < 0) {
            end = segments.get(segments.size() - 1).endOffset();
        }
        truncateTo(end, why);
        return end;
    }

    /**
     * The length of the corrupt entry at {@code pos} when its header (magic, length) is sound and a valid entry
     * (or the segment's blank marker) follows it, else -1: then it is a torn tail and the log ends there.
     */
    private int corruptButFollowed(ByteBuffer buf, int pos) {
        if (pos + 8 > segmentSize) {
            return -1;
        }
        int total = buf.getInt(pos);
        if (!MessageLayout.isMessageMagic(buf.getInt(pos + MessageLayout.MAGIC_CODE_OFFSET)) || total <= 0
            || (long) pos + total >= segmentSize) {
            return -1;
        }
        int next = MessageDecoder.check(buf, pos + total, segmentSize, true);
        return next > 0 || next == MessageDecoder.CHECK_BLANK ? total : -1;
    }

    /** Offsets of damaged entries the last {@link #recover} kept because valid entries follow them. */
    List<Long> corruptKept() {
        return corruptKept;
    }

    /** Cuts the log at {@code end}: zeroes the rest of its segment, deletes later segments. */
    void truncateTo(long end, String why) throws IOException {
        truncations++; // single writer: the replica/recovery thread that owns truncation
        while (!segments.isEmpty()) {
            MappedSegment last = segments.get(segments.size() - 1);
            if (last.startOffset() > end || (last.startOffset() == end && segments.size() > 1)) {
                LOG.warn("commit log: deleting segment {} past the end {} ({})", last, end,
                    why == null ? "tail after the end" : why);
                segments.remove(segments.size() - 1);
                refresh();
                last.delete(reclaimer);
                continue;
            }
            if (end < last.endOffset()) {
                int pos = (int) (end - last.startOffset());
                if (hasNonZero(last.buffer(), pos)) {
                    LOG.warn("commit log: truncating {} at position {} (offset {}): {}", last, pos, end,
                        why == null ? "tail after the end" : why);
                    last.zero(pos, segmentSize);
                }
            }
            break;
        }
        if (segments.isEmpty()) {
            minOffset = end - end % segmentSize;
        }
        maxOffset = end;
        if (flushedOffset > end) {
            flushedOffset = end;
        }
    }

    private static boolean hasNonZero(ByteBuffer buf, int from) {
        int lim = buf.capacity();
        int i = from;
        for (; i + 8 <= lim; i += 8) {
            if (buf.getLong(i) != 0) {
                return true;
            }
        }
        for (; i < lim; i++) {
            if (buf.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Marks everything up to the recovered end as flushed (it is on disk already). */
    void markFlushed(long offset) {
        flushedOffset = offset;
    }

    long maxOffset() {
        return maxOffset;
    }

    long minOffset() {
        return minOffset;
    }

    long flushedOffset() {
        return flushedOffset;
    }

    List<MappedSegment> segments() {
        return segments;
    }

    /**
     * Appends {@code msgs} contiguously in one segment (rolling to a new one with a blank marker when they do not
     * fit), queue offsets from {@code firstQueueOffset}. Caller holds the append lock.
     */
    Appended append(PreparedMessage[] msgs, long firstQueueOffset, long storeTimestamp) throws IOException {
        int total = 0;
        for (PreparedMessage m : msgs) {
            total += m.encodedLength();
        }
        if (total + MessageLayout.END_FILE_MIN_BLANK_LENGTH > segmentSize) {
            throw new IllegalArgumentException(total + " bytes cannot fit in a segment of " + segmentSize);
        }
        MappedSegment seg = writableSegment();
        int pos = (int) (maxOffset - seg.startOffset());
        if (pos + total + MessageLayout.END_FILE_MIN_BLANK_LENGTH > segmentSize) {
            reserve(seg, pos, pos + MessageLayout.END_FILE_MIN_BLANK_LENGTH);
            writeAt(seg, pos, ByteBuffer.allocate(MessageLayout.END_FILE_MIN_BLANK_LENGTH)
                .putInt(segmentSize - pos).putInt(MessageLayout.BLANK_MAGIC_CODE).flip());
            maxOffset = seg.endOffset();
            seg = writableSegment();
            pos = 0;
        }
        // never store into a hole: on a full disk that is a SIGBUS (and under PWRITE the write is then sure to find
        // its blocks, so a full disk is always the reservation's clean DiskFullException)
        reserve(seg, pos, pos + total);
        boolean pwrite = writeMode == WriteMode.PWRITE;
        // MAPPING encodes straight into the segment; PWRITE encodes once into a buffer and writes it in one call
        ByteBuffer target = pwrite ? encodeBuffer(total) : seg.buffer().duplicate().position(pos);
        long first = seg.startOffset() + pos;
        long phys = first;
        for (int i = 0; i < msgs.length; i++) {
            phys += MessageEncoder.encode(target, msgs[i], firstQueueOffset + i, phys, storeTimestamp);
        }
        if (pwrite) {
            writer.write(seg, pos, target.flip());
        }
        maxOffset = phys; // publish
        askReserver(seg, pos, pos + total);
        return new Appended(first, total);
    }

    /**
     * Wakes the {@link BlockReserver} once per chunk an append [from, to) entered when the reserved lead ran short,
     * so the zeros of the next chunks are written on its thread, not the writer's.
     */
    private void askReserver(MappedSegment seg, int from, int to) {
        Runnable r = reserveAhead;
        if (r != null && entersNewChunk(from, to) && seg.reservedTo() - to < BlockReserver.WAKE_LEAD) {
            r.run();
        }
    }

    /**
     * Writes the remaining bytes of {@code src} at {@code pos} of {@code seg} the way {@link #writeMode} says,
     * leaving {@code src}'s position alone.
     */
    private void writeAt(MappedSegment seg, int pos, ByteBuffer src) throws IOException {
        if (writeMode == WriteMode.PWRITE) {
            writer.write(seg, pos, src.duplicate());
        } else {
            seg.buffer().put(pos, src, src.position(), src.remaining());
        }
    }

    /** The encode buffer, cleared, with room for at least {@code bytes} (grown to the largest append seen). */
    private ByteBuffer encodeBuffer(int bytes) {
        if (encodeBuffer == null || encodeBuffer.capacity() < bytes) {
            int had = encodeBuffer == null ? 0 : encodeBuffer.capacity();
            encodeBuffer = ByteBuffer.allocateDirect(Math.max(Math.max(bytes, 2 * had), 64 * 1024));
        }
        return encodeBuffer.clear();
    }

    /** Closes the writer's file channel (store shutdown); a later append opens it again. */
    void closeWriter() {
        writer.close();
    }

    /**
     * Appends raw, already validated entries (replication) at the end; {@code bytes} must hold whole entries that
     * fit in the current segment, or start with a blank marker that closes it. Caller holds the append lock.
     */
    void appendRaw(ByteBuffer bytes) throws IOException {
        MappedSegment seg = writableSegment();
        int pos = (int) (maxOffset - seg.startOffset());
        int len = bytes.remaining();
        if (pos + len > segmentSize) {
            throw new IllegalArgumentException("replicated chunk of " + len + " bytes overflows segment " + seg
                + " at position " + pos);
        }
        reserve(seg, pos, pos + len);
        writeAt(seg, pos, bytes);
        maxOffset = seg.startOffset() + pos + len;
        // a slave's replication thread otherwise wrote every chunk's zeros itself: 40% of its CPU in row 4a
        askReserver(seg, pos, pos + len);
    }

    private MappedSegment writableSegment() throws IOException {
        MappedSegment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last != null && maxOffset < last.endOffset()) {
            return last;
        }
        long start = last == null ? maxOffset - maxOffset % segmentSize : last.endOffset();
        MappedSegment seg;
        growing = true;
        try {
            seg = MappedSegment.open(dir, start, segmentSize);
        } finally {
            growing = false;
        }
        segments.add(seg);
        refresh();
        if (segments.size() == 1) {
            minOffset = start;
        }
        LOG.info("commit log: new segment {}", seg);
        return seg;
    }

    /** {@link MappedSegment#reserve(int, int)}, flagged as {@link #growing} when it writes. */
    private void reserve(MappedSegment seg, int writePos, int end) throws IOException {
        if (seg.reservedUpTo(end)) {
            return;
        }
        growing = true;
        try {
            seg.reserve(writePos, end);
        } finally {
            growing = false;
        }
    }

    /**
     * Whether bytes [from, to) reach into a {@link MappedSegment#RESERVE_CHUNK} that [.., from) did not: the writer
     * wakes the reserver once per chunk, not per append, since a reserver that is runnable but not yet on a CPU
     * still counts as idle and waking it on every append cost an unpark each (13% of the appender's samples).
     */
    static boolean entersNewChunk(int from, int to) {
        return from == 0 || (from - 1) / MappedSegment.RESERVE_CHUNK != (to - 1) / MappedSegment.RESERVE_CHUNK;
    }

    /** Sets (null: clears) what {@link #append} wakes when the reserved lead runs short; see {@link BlockReserver}. */
    void reserveAheadHook(Runnable hook) {
        reserveAhead = hook;
    }

    /**
     * Reserver thread: reserves the next chunk of the segment being written unless {@code lead} bytes past the
     * published write position are reserved already. Returns bytes reserved; 0 when nothing was needed.
     */
    int reserveAhead(int lead) throws IOException {
        MappedSegment[] segs = snapshot;
        if (segs.length == 0) {
            return 0;
        }
        MappedSegment seg = segs[segs.length - 1];
        long max = maxOffset;
        if (max < seg.startOffset() || max >= seg.endOffset() || seg.isDeleted()) {
            return 0; // full (the writer opens the next one) or being cut back
        }
        return seg.reserveAhead((int) (max - seg.startOffset()), lead);
    }

    /** Whether an append is creating a segment or reserving disk blocks right now. Any thread, lock-free. */
    boolean growing() {
        return growing;
    }

    /** Forces everything written so far; flush thread only. Returns the flushed offset. */
    long flush() {
        long target = maxOffset;
        long from = flushedOffset;
        if (target <= from) {
            return from;
        }
        for (MappedSegment seg : segments) {
            if (seg.endOffset() <= from || seg.startOffset() >= target) {
                continue;
            }
            int a = (int) (Math.max(from, seg.startOffset()) - seg.startOffset());
            int b = (int) (Math.min(target, seg.endOffset()) - seg.startOffset());
            seg.force(a, b);
        }
        flushedOffset = target;
        forcedOffsets.forced(target);
        return target;
    }

    private void refresh() {
        snapshot = segments.toArray(new MappedSegment[0]);
    }

    /** Segment holding {@code offset}, or null. */
    MappedSegment segmentFor(long offset) {
        MappedSegment[] segs = snapshot;
        if (segs.length == 0 || offset < segs[0].startOffset()) {
            return null;
        }
        long idx = (offset - segs[0].startOffset()) / segmentSize;
        return idx < segs.length ? segs[(int) idx] : null;
    }

    /** The validated stored message (magic, lengths, body CRC) starting at {@code offset}, or null. */
    ByteBuffer messageAt(long offset) {
        long max = maxOffset;
        if (offset < minOffset || offset >= max) {
            return null;
        }
        MappedSegment seg = segmentFor(offset);
        if (seg == null) {
            return null;
        }
        int pos = (int) (offset - seg.startOffset());
        int limit = (int) Math.min(segmentSize, max - seg.startOffset());
        int r = MessageDecoder.check(seg.buffer(), pos, limit, true); // with the CRC: never hand out a corrupt copy
        return r > 0 ? seg.slice(pos, r) : null;
    }

    /** Slice [offset, offset + size) trusted from a consume-queue entry, or null if outside the log. */
    ByteBuffer slice(long offset, int size) {
        if (offset < minOffset || offset + size > maxOffset || size <= 0) {
            return null;
        }
        MappedSegment seg = segmentFor(offset);
        if (seg == null || offset + size > seg.endOffset()) {
            return null;
        }
        return seg.slice((int) (offset - seg.startOffset()), size);
    }

    /** Store timestamp of the message at {@code offset}, or -1. */
    long storeTimestampAt(long offset) {
        ByteBuffer m = slice(offset, MessageLayout.SYS_FLAG_OFFSET + 4);
        if (m == null) {
            return -1;
        }
        int sysFlag = m.getInt(MessageLayout.SYS_FLAG_OFFSET);
        MappedSegment seg = segmentFor(offset);
        int pos = (int) (offset - seg.startOffset()) + MessageLayout.storeTimestampOffset(sysFlag);
        if (pos + 8 > segmentSize) {
            return -1;
        }
        return seg.buffer().getLong(pos);
    }

    /** Raw bytes from {@code offset} within its segment, at most {@code maxBytes}. */
    ByteBuffer read(long offset, int maxBytes) {
        long max = maxOffset;
        if (offset == max) {
            return ByteBuffer.allocate(0);
        }
        if (offset < minOffset || offset > max) {
            return null;
        }
        MappedSegment seg = segmentFor(offset);
        if (seg == null) {
            return null;
        }
        int pos = (int) (offset - seg.startOffset());
        int end = (int) (Math.min(seg.endOffset(), max) - seg.startOffset());
        int len = Math.min(maxBytes, end - pos);
        // only whole entries (or a blank marker)
        int p = pos;
        while (p < pos + len) {
            int size = seg.buffer().getInt(p);
            if (size <= 0 || p + size > pos + len) {
                break;
            }
            p += size;
        }
        if (p == pos && len > 0) {
            int size = seg.buffer().getInt(p);
            p = Math.min(end, p + Math.max(size, 0)); // first entry larger than maxBytes: ship it whole
        }
        return seg.slice(pos, p - pos);
    }

    long truncations() {
        return truncations;
    }

    /** Last store timestamp found in a full segment (walks its entry headers), or -1 if it holds no message. */
    long lastStoreTimestamp(MappedSegment seg) {
        ByteBuffer b = seg.buffer();
        long limit = Math.min(seg.endOffset(), maxOffset) - seg.startOffset();
        int pos = 0;
        long last = -1;
        while (pos + 8 <= limit) {
            int size = b.getInt(pos);
            int magic = b.getInt(pos + 4);
            if (size <= 0 || !MessageLayout.isMessageMagic(magic)) {
                break;
            }
            int sysFlag = b.getInt(pos + MessageLayout.SYS_FLAG_OFFSET);
            last = b.getLong(pos + MessageLayout.storeTimestampOffset(sysFlag));
            pos += size;
        }
        return last;
    }

    /** Removes the oldest segment (housekeeping thread); never the one being written. */
    boolean deleteFirstSegment() throws IOException {
        if (segments.size() <= 1) {
            return false;
        }
        MappedSegment seg = segments.get(0);
        minOffset = seg.endOffset(); // readers stop using it first
        segments.remove(0);
        refresh();
        seg.delete(reclaimer);
        LOG.info("commit log: deleted segment {}", seg);
        return true;
    }

    boolean deleteSegment(MappedSegment seg) throws IOException {
        return segments.get(0) == seg && deleteFirstSegment();
    }

    /** Bytes currently held (sum of segment sizes). */
    long diskBytes() {
        return (long) segments.size() * segmentSize;
    }
}
