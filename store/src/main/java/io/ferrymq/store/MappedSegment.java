package io.ferrymq.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One fixed-size file mapped read-write, named by the 20-digit offset of its first byte. Writers use absolute
 * puts on {@link #buffer()} (one writer thread per segment, stated by the owner); readers take slices.
 *
 * <p>After {@link #delete()} the file is gone from the directory but the mapping (and any slice a reader still
 * holds) stays valid until {@link SegmentReclaimer} unmaps it after a grace period.
 */
final class MappedSegment {
    private final Path path;
    private final long startOffset;
    private final int size;
    private final MappedByteBuffer buffer;
    private volatile boolean deleted;

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

    /** Writes zeros over [from, to) and forces them. */
    void zero(int from, int to) {
        byte[] zeros = new byte[64 * 1024];
        int p = from;
        while (p < to) {
            int n = Math.min(zeros.length, to - p);
            buffer.put(p, zeros, 0, n);
            p += n;
        }
        force(from, to);
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
