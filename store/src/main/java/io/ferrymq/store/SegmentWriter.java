package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the commit log's appends under SYNC_FLUSH ({@link CommitLog.WriteMode#PWRITE}) into the segment being
 * written with positional {@code pwrite} calls on a file channel, instead of storing them through the segment's
 * shared mapping (which readers, the dispatcher and forces still use: on Linux both go through the same page
 * cache, so a reader of the mapping sees the bytes once the write returns).
 *
 * <p>Why: a page dirtied through a shared mapping must be write-protected again when it is written back, and the
 * kernel does that with a TLB shoot-down on every core that runs one of the broker's threads; the next store into
 * the page then faults. With the broker's threads busy on both cores of the benchmark machine, a 12 KiB
 * store-and-force through the mapping took 0.43-0.52 ms and 0.19 ms of CPU, the same bytes written with
 * {@code pwrite} and forced with the same ranged {@code msync} 0.18 ms and 0.04 ms of CPU (docs/benchmarks.md,
 * "Appends by positional write"). Under SYNC_FLUSH every send waits for such forces; without them the system call
 * per append costs more than it saves, so ASYNC_FLUSH keeps storing through the mapping.
 *
 * <p>Threading: the append-lock holder only (one writer at a time); the channel of the current segment is kept
 * open and replaced when the writer moves to the next segment.
 */
final class SegmentWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);
    private MappedSegment segment;
    private FileChannel channel;

    /**
     * Writes all of {@code src} (from its position; the position is left at its limit) at byte {@code pos} of
     * {@code seg}, whose blocks the caller has reserved.
     *
     * @throws DiskFullException when the file system has no room after all (nothing past the published end is
     *                           trusted, so the store stays in service)
     */
    void write(MappedSegment seg, int pos, ByteBuffer src) throws IOException {
        FileChannel ch = channelOf(seg);
        long p = pos;
        try {
            while (src.hasRemaining()) {
                p += ch.write(src, p);
            }
        } catch (IOException e) {
            if (DiskFullException.isOutOfSpace(e)) {
                // not expected over reserved blocks, but a full disk is an expected condition, not a failed disk;
                // the bytes are past the published end, so the next append writes over them
                throw new DiskFullException("no room for " + src.remaining() + " bytes of " + seg, src.remaining(), e);
            }
            throw e;
        }
    }

    private FileChannel channelOf(MappedSegment seg) throws IOException {
        if (seg != segment || channel == null || !channel.isOpen()) {
            close();
            channel = FileChannel.open(seg.path(), StandardOpenOption.WRITE);
            segment = seg;
        }
        return channel;
    }

    /** Closes the current channel (a later write opens one again). */
    @Override
    public void close() {
        FileChannel ch = channel;
        MappedSegment seg = segment;
        channel = null;
        segment = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing is buffered in a channel written only with pwrite, so no byte is lost; say so anyway
                LOG.warn("closing the write channel of commit-log segment {} failed", seg, e);
            }
        }
    }
}
