package io.ferrymq.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fixed-size file mapped read-write, named by the 20-digit offset of its first byte. Writers use absolute
 * puts on {@link #buffer()}, or positional writes to the file ({@link SegmentWriter}: the commit log's appends
 * under SYNC_FLUSH); one writer thread per segment, stated by the owner. Readers take slices.
 *
 * <p>Files are created sparse, so a store through the mapping into a hole makes the file system allocate a block
 * right then; on a full file system that is a SIGBUS, which kills the JVM. Writers therefore {@link #reserve}
 * blocks (by writing zeros with a plain write, which fails with a clean ENOSPC) before they write past what is
 * reserved, and {@link #zero} never stores into a hole.
 *
 * <p>After {@link #delete()} the file is gone from the directory but the mapping (and any slice a reader still
 * holds) stays valid until {@link SegmentReclaimer} unmaps it after a grace period.
 */
final class MappedSegment {
    private final Path path;
    private final long startOffset;
    private final int size;
    /** Blocks are reserved ahead of the commit log's writer in chunks of this many bytes. */
    static final int RESERVE_CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    private static final byte[] ZERO_PAGE = new byte[PAGE];
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
    private final MappedByteBuffer buffer;
    private volatile boolean deleted;
    /**
     * Bytes from the start known to have blocks (written or reserved). Written only inside {@link #reserve} (which
     * is synchronized, so the writer and {@link BlockReserver} never write zeros at the same time); read lock-free.
     */
    private volatile int reservedTo;

    private MappedSegment(Path path, long startOffset, int size, MappedByteBuffer buffer) {
        this.path = path;
        this.startOffset = startOffset;
        this.size = size;
        this.buffer = buffer;
    }

    static String fileName(long offset) {
        return String.format("%020d", offset);
    }

    static boolean isSegmentName(String name) {
        return name.length() == 20 && name.chars().allMatch(Character::isDigit);
    }

    /** Opens or creates (sparse, zero-filled) the segment of {@code size} bytes starting at {@code startOffset}. */
    static MappedSegment open(Path dir, long startOffset, int size) throws IOException {
        Path path = dir.resolve(fileName(startOffset));
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            long len = raf.length();
            if (len != size) {
                if (len > size) {
                    throw new IOException("segment " + path + " is " + len + " bytes, larger than the configured "
                        + size + "; was the segment size changed?");
                }
                raf.setLength(size);
            }
            MappedByteBuffer mb = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
            return new MappedSegment(path, startOffset, size, mb);
        }
    }

    Path path() {
        return path;
    }

    long startOffset() {
        return startOffset;
    }

    long endOffset() {
        return startOffset + size;
    }

    int size() {
        return size;
    }

    /** The mapping itself (for unmapping by {@link SegmentReclaimer}). */
    java.nio.MappedByteBuffer mapping() {
        return buffer;
    }

    /** The shared mapping; use absolute gets/puts only (its position is never moved). */
    ByteBuffer buffer() {
        return buffer;
    }

    boolean contains(long offset) {
        return offset >= startOffset && offset < startOffset + size;
    }

    /** Read-only slice [pos, pos + len). */
    ByteBuffer slice(int pos, int len) {
        return buffer.slice(pos, len).asReadOnlyBuffer();
    }

    /** Forces [from, to) to disk. */
    void force(int from, int to) {
        if (to > from && !deleted) {
            buffer.force(from, to - from);
        }
    }

    /** Whether [.., end) already has its disk blocks, so {@link #reserve(int, int)} up to it writes nothing. */
    boolean reservedUpTo(int end) {
        return end <= reservedTo;
    }

    /**
     * Makes sure the file has blocks for every byte below {@code end} before the writer stores there through the
     * mapping. Zeros are written with a plain write from {@code writePos} (the writer's position: everything
     * after it is zero, so nothing written is overwritten) or the end of the last reservation, up to {@code end}
     * rounded up to {@link #RESERVE_CHUNK}. Called by the segment's single writer, and ahead of it by
     * {@link BlockReserver} (with the last published write position, which may be stale: bytes between it and the
     * writer's real position were reserved before they were written, so they lie below {@link #reservedTo}).
     *
     * @throws DiskFullException when the file system has no room (nothing is stored then; retry once freed)
     */
    void reserve(int writePos, int end) throws IOException {
        reserve(writePos, end, RESERVE_CHUNK);
    }

    /** {@link #reserve(int, int)} rounding up to {@code chunk} bytes (a multiple of the page size) instead. */
    synchronized void reserve(int writePos, int end, int chunk) throws IOException {
        if (end <= reservedTo) {
            return;
        }
        int from = Math.max(reservedTo, writePos);
        int to = (int) Math.min(size, ((long) end + chunk - 1) / chunk * chunk);
        if (from < to) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                if (deleted) {
                    // set before the file is unlinked: a segment created again under this name is not ours
                    return;
                }
                ByteBuffer zeros = ZEROS.duplicate();
                long pos = from;
                while (pos < to) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), to - pos));
                    pos += ch.write(zeros, pos);
                }
            } catch (IOException e) {
                if (DiskFullException.isOutOfSpace(e)) {
                    throw new DiskFullException("no room for " + (to - from) + " bytes of " + path, to - from, e);
                }
                throw e;
            }
        }
        reservedTo = Math.max(to, end);
    }

    /**
     * Reserves the next {@link #RESERVE_CHUNK} after what is reserved (or after {@code writePos}), unless at least
     * {@code lead} bytes past {@code writePos} are reserved already or the segment is fully reserved.
     *
     * @return bytes newly reserved (0 when nothing was needed)
     */
    int reserveAhead(int writePos, int lead) throws IOException {
        int have = reservedTo;
        if (have >= size || (long) have >= (long) writePos + lead) {
            return 0;
        }
        int from = Math.max(have, writePos);
        reserve(writePos, from + 1);
        return Math.max(0, reservedTo - from);
    }

    /** Bytes from the start that have disk blocks (reserved or written), as far as this process knows. */
    int reservedTo() {
        return reservedTo;
    }

    /**
     * Writes zeros over [from, to) and forces them. Only pages holding a non-zero byte are written (they have
     * blocks); a page that reads as zeros is left alone, so no store lands in a hole.
     */
    void zero(int from, int to) {
        int p = from;
        while (p < to) {
            int pageEnd = Math.min(to, (p / PAGE + 1) * PAGE);
            if (hasNonZero(p, pageEnd)) {
                buffer.put(p, ZERO_PAGE, 0, pageEnd - p);
            }
            p = pageEnd;
        }
        force(from, to);
    }

    private boolean hasNonZero(int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (buffer.getLong(i) != 0) {
                return true;
            }
        }
        for (; i < to; i++) {
            if (buffer.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    boolean isDeleted() {
        return deleted;
    }

    /** Deletes the file and hands the mapping to {@code reclaimer} (null: left to GC). */
    void delete(SegmentReclaimer reclaimer) throws IOException {
        deleted = true;
        Files.deleteIfExists(path);
        if (reclaimer != null) {
            reclaimer.retire(this);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
