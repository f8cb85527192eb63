package io.ferrymq.console.history;

import java.util.Arrays;

/**
 * The samples of one series: one float per sample slot (slot = wall time / sample interval), kept in a ring of
 * hour-like blocks of {@value #BLOCK} slots that covers the retention. Memory is spent only where samples are: a
 * block is allocated when its first sample arrives, a finished block whose samples are all equal (an idle group's
 * zero backlog) shrinks to one float, a block whose samples are all missing is freed, and under memory pressure the
 * store {@link #coarsen coarsens} old blocks to fewer, averaged values. A missing sample is NaN.
 *
 * <p>Thread-safety: every method is synchronized on the ring (the sampler writes, HTTP threads read).
 */
final class SeriesRing {
    /** Slots per block: an hour at the default one-minute interval. */
    static final int BLOCK = 60;
    /** Bytes of a ring without its blocks: two arrays of {@code blocks} entries and the object headers. */
    static final int OVERHEAD_PER_BLOCK = 4 + 4;
    static final int OVERHEAD = 64;

    private final float[][] blocks;
    /** The absolute block number ({@code slot / BLOCK}) each ring position holds; -1 when empty. */
    private final int[] ids;
    private int current = -1;

    /** A ring able to hold {@code retentionSlots} slots and the block being filled. */
    SeriesRing(long retentionSlots) {
        int n = (int) ((retentionSlots + BLOCK - 1) / BLOCK) + 1;
        blocks = new float[n][];
        ids = new int[n];
        Arrays.fill(ids, -1);
    }

    /** Number of ring positions (blocks of the retention plus the current one). */
    int capacity() {
        return ids.length;
    }

    synchronized void put(long slot, float value) {
        int b = (int) (slot / BLOCK);
        if (b <= current - ids.length) {
            return; // older than the ring reaches: it would overwrite a newer block
        }
        if (b > current) {
            if (current >= 0) {
                seal(current);
            }
            current = b;
        }
        int pos = b % ids.length;
        float[] block = blocks[pos];
        if (ids[pos] != b || block == null) {
            block = new float[BLOCK];
            Arrays.fill(block, Float.NaN);
            blocks[pos] = block;
            ids[pos] = b;
        } else if (block.length < BLOCK) {
            block = expand(block); // a late sample for a block already shrunk (e.g. after a restart)
            blocks[pos] = block;
        }
        block[(int) (slot % BLOCK)] = value;
    }

    /** The sample at {@code slot}, NaN when there is none. */
    synchronized float get(long slot) {
        int b = (int) (slot / BLOCK);
        int pos = b % ids.length;
        float[] block = blocks[pos];
        if (ids[pos] != b || block == null) {
            return Float.NaN;
        }
        return block[(int) (slot % BLOCK) * block.length / BLOCK];
    }

    /** Shrinks block {@code b} if it is finished and uniform: one float, or nothing when every sample is missing. */
    private void seal(int b) {
        int pos = b % ids.length;
        float[] block = blocks[pos];
        if (ids[pos] != b || block == null || block.length == 1) {
            return;
        }
        for (float v : block) {
            if (Float.floatToIntBits(v) != Float.floatToIntBits(block[0])) {
                return;
            }
        }
        if (Float.isNaN(block[0])) {
            blocks[pos] = null;
            ids[pos] = -1;
        } else {
            blocks[pos] = new float[] {block[0]};
        }
    }

    private static float[] expand(float[] block) {
        float[] full = new float[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            full[i] = block[i * block.length / BLOCK];
        }
        return full;
    }

    /**
     * Frees blocks older than {@code oldestBlock} (out of retention) and shrinks finished uniform ones; returns
     * true when the ring holds no sample any more (the store then forgets the series).
     */
    synchronized boolean prune(int oldestBlock) {
        boolean empty = true;
        for (int pos = 0; pos < ids.length; pos++) {
            if (ids[pos] < 0) {
                continue;
            }
            if (ids[pos] < oldestBlock) {
                blocks[pos] = null;
                ids[pos] = -1;
                continue;
            }
            if (ids[pos] < current) {
                seal(ids[pos]);
            }
            empty &= ids[pos] < 0;
        }
        return empty;
    }

    /**
     * Averages block {@code b} down to {@code length} values (each the mean of the samples it covers, NaN when
     * none), or frees it when {@code length} is 0; returns the bytes freed.
     */
    synchronized long coarsen(int b, int length) {
        int pos = b % ids.length;
        float[] block = blocks[pos];
        if (ids[pos] != b || block == null || block.length <= length) {
            return 0;
        }
        if (length == 0) {
            blocks[pos] = null;
            ids[pos] = -1;
            return 4L * block.length;
        }
        float[] full = block.length == BLOCK ? block : expand(block);
        float[] out = new float[length];
        int per = BLOCK / length;
        for (int i = 0; i < length; i++) {
            double sum = 0;
            int n = 0;
            for (int j = i * per; j < (i + 1) * per; j++) {
                if (!Float.isNaN(full[j])) {
                    sum += full[j];
                    n++;
                }
            }
            out[i] = n == 0 ? Float.NaN : (float) (sum / n);
        }
        blocks[pos] = out;
        return 4L * (block.length - length);
    }

    /** The oldest block held with more than {@code length} values, or -1. */
    synchronized int oldestLongerThan(int length) {
        int oldest = -1;
        for (int pos = 0; pos < ids.length; pos++) {
            if (ids[pos] >= 0 && blocks[pos] != null && blocks[pos].length > length
                    && ids[pos] != current && (oldest < 0 || ids[pos] < oldest)) {
                oldest = ids[pos];
            }
        }
        return oldest;
    }

    /** Bytes this ring takes: its index arrays and the values of its blocks. */
    synchronized long bytes() {
        long b = OVERHEAD + (long) OVERHEAD_PER_BLOCK * ids.length;
        for (float[] block : blocks) {
            if (block != null) {
                b += 16 + 4L * block.length;
            }
        }
        return b;
    }

    /** The blocks held, for the history file: absolute block number and its values. */
    synchronized java.util.List<Block> blocks() {
        java.util.List<Block> out = new java.util.ArrayList<>();
        for (int pos = 0; pos < ids.length; pos++) {
            if (ids[pos] >= 0 && blocks[pos] != null) {
                out.add(new Block(ids[pos], blocks[pos].clone()));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Block::id));
        return out;
    }

    /** Puts back a block read from the history file (values: 1, a divisor of {@value #BLOCK}, or BLOCK long). */
    synchronized void restore(int id, float[] values) {
        if (values.length == 0 || BLOCK % values.length != 0) {
            throw new IllegalArgumentException("a block of " + values.length + " values (must divide " + BLOCK + ")");
        }
        int pos = id % ids.length;
        if (ids[pos] < 0 || ids[pos] < id) {
            blocks[pos] = values.clone();
            ids[pos] = id;
            current = Math.max(current, id);
        }
    }

    /** One block of a ring: its absolute number and values. */
    record Block(int id, float[] values) {
    }
}
