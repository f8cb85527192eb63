package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Message indexes in RocksDB: by KEYS entry and by UNIQ_KEY, per topic, pointing at commit-log offsets.
 *
 * <pre>
 * forward  'k' topic 0x00 key 0x00 commitLogOffset(8)   -&gt; storeTimestamp(8)      one per KEYS entry
 *          'u' topic 0x00 uniqKey 0x00 commitLogOffset(8) -&gt; storeTimestamp(8)
 * reverse  'o' commitLogOffset(8) forwardKey             -&gt; (empty)   to drop entries by commit-log range
 * </pre>
 *
 * Writes come from the dispatch thread only (one {@link WriteBatch} per dispatch round, idempotent, so a
 * re-dispatch after restart is harmless); deletes from the housekeeping thread or while dispatch is stopped;
 * queries from any thread.
 *
 * <p>Crash safety without a WAL: the index is derived data, so every write goes without RocksDB's WAL
 * ({@code disableWAL}). Each dispatch batch also carries the <em>index progress</em> ({@link #PROGRESS_KEY}: index
 * entries are complete below this commit-log offset). Without a WAL, RocksDB recovers after a crash to its last
 * flushed memtable, i.e. to a prefix of the batches (one column family, every write without WAL), so the
 * recovered entries and the recovered progress always agree; start-up re-indexes the commit log from
 * {@link #progress()} (idempotent). Operations that must not be undone by a crash ({@link #truncateFrom},
 * {@link #deleteTopic}) flush the memtable before returning; retention deletes are redone at start-up.
 * {@link #close} flushes, so a clean restart re-indexes nothing.
 */
final class MessageIndex implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final byte KEY = 'k';
    private static final byte UNIQ = 'u';
    private static final byte REVERSE = 'o';
    /** Index progress (commit-log offset, 8 bytes); outside the 'k'/'u'/'o' key spaces. */
    static final byte[] PROGRESS_KEY = "#progress".getBytes(StandardCharsets.US_ASCII);
    /** Test-only override of the memtable size (the crash test makes it tiny so flushes happen mid-run). */
    static final String WRITE_BUFFER_PROPERTY = "ferrymq.store.indexWriteBufferBytes";
    /** Largest key {@link #add} builds in its reusable buffers; longer keys take the allocating path. */
    private static final int SCRATCH = 40 * 1024;

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;

    MessageIndex(Path dir) throws IOException {
        Files.createDirectories(dir);
        // Index keys are small and short-lived on disk (they age out with the commit log): no compression, and a
        // 64 MiB memtable (RocksDB's default, stated explicitly because it bounds the re-index after a crash).
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION)
            .setWriteBufferSize(Long.getLong(WRITE_BUFFER_PROPERTY, 64L << 20));
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open index RocksDB at " + dir + ": " + e.getMessage(), e);
        }
        this.writeOptions = new WriteOptions().setDisableWAL(true);
    }

    // Reusable buffers of the dispatch thread (add / setProgress are only called by one thread at a time: the
    // dispatch thread, or the starting / stopping thread while it does not run).
    private final ByteBuffer fwdBuf = ByteBuffer.allocateDirect(SCRATCH);
    private final ByteBuffer revBuf = ByteBuffer.allocateDirect(SCRATCH + 9);
    private final ByteBuffer tsBuf = ByteBuffer.allocateDirect(8);
    private final ByteBuffer emptyBuf = ByteBuffer.allocateDirect(0);
    /** Forward keys added since {@link #beginBatch}, as [length int][key], for {@link #flushReverse}. */
    private ByteBuffer pending = ByteBuffer.allocateDirect(256 * 1024);
    private final ByteBuffer progressKeyBuf = ByteBuffer.allocateDirect(PROGRESS_KEY.length).put(PROGRESS_KEY);
    private String lastTopic;
    private byte[] lastTopicBytes;

    private static byte[] prefix(byte type, String topic, String key) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + t.length + 1 + k.length + 1];
        out[0] = type;
        System.arraycopy(t, 0, out, 1, t.length);
        System.arraycopy(k, 0, out, 2 + t.length, k.length);
        return out;
    }

    private static byte[] withOffset(byte[] prefix, long offset) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + 8);
        ByteBuffer.wrap(out).putLong(prefix.length, offset);
        return out;
    }

    private static byte[] reverseKey(long offset, byte[] forward) {
        byte[] out = new byte[9 + forward.length];
        out[0] = REVERSE;
        ByteBuffer.wrap(out).putLong(1, offset);
        System.arraycopy(forward, 0, out, 9, forward.length);
        return out;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** Adds the index entries of one message to {@code batch} (no allocation for ASCII keys). */
    void add(WriteBatch batch, String topic, String keys, String uniqKey, long commitLogOffset, long storeTimestamp)
        throws RocksDBException {
        if (topic != lastTopic) {
            lastTopic = topic;
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        tsBuf.clear();
        tsBuf.putLong(0, storeTimestamp);
        if (keys != null && !keys.isEmpty()) {
            int from = 0;
            int len = keys.length();
            while (from <= len) {
                int sp = keys.indexOf(' ', from);
                int to = sp < 0 ? len : sp;
                if (to > from) {
                    addOne(batch, KEY, keys, from, to, commitLogOffset);
                }
                from = to + 1;
            }
        }
        if (uniqKey != null && !uniqKey.isEmpty()) {
            addOne(batch, UNIQ, uniqKey, 0, uniqKey.length(), commitLogOffset);
        }
    }

    private void addOne(WriteBatch batch, byte type, String s, int from, int to, long offset)
        throws RocksDBException {
        ByteBuffer f = fwdBuf;
        f.clear();
        if (1 + lastTopicBytes.length + 1 + 3 * (to - from) + 1 + 8 > SCRATCH) {
            byte[] fwd = withOffset(prefix(type, lastTopic, s.substring(from, to)), offset);
            batch.put(fwd, longBytes(tsBuf.getLong(0)));
            batch.put(reverseKey(offset, fwd), new byte[0]);
            return;
        }
        f.put(type).put(lastTopicBytes).put((byte) 0);
        putUtf8(f, s, from, to);
        f.put((byte) 0).putLong(offset).flip();
        int len = f.limit();
        tsBuf.clear();
        batch.put(f, tsBuf);
        // the reverse entry goes in later, with the others of this batch (see flushReverse)
        if (pending.remaining() < 4 + len) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(pending.capacity() * 2, pending.position() + 4 + len));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.putInt(len).put(pending.position(), f, 0, len);
        pending.position(pending.position() + len);
    }

    /**
     * Appends the reverse entries of the batch's forward entries, all together: they ascend by commit-log offset,
     * so RocksDB's skiplist inserts them next to each other (its sequential-insert shortcut) instead of
     * alternating between the forward and the reverse key ranges.
     */
    private void flushReverse(WriteBatch batch) throws RocksDBException {
        int end = pending.position();
        int pos = 0;
        ByteBuffer r = revBuf;
        while (pos < end) {
            int len = pending.getInt(pos);
            pos += 4;
            long offset = pending.getLong(pos + len - 8);
            r.clear();
            r.put(REVERSE).putLong(offset).put(9, pending, pos, len).limit(9 + len).position(0);
            emptyBuf.clear();
            batch.put(r, emptyBuf);
            pos += len;
        }
        pending.clear();
    }

    /** Starts a new batch: forgets reverse entries of a batch that was abandoned. */
    void beginBatch() {
        pending.clear();
    }

    private static void putUtf8(ByteBuffer b, String s, int from, int to) {
        int start = b.position();
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                b.position(start);
                b.put(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
                return;
            }
            b.put((byte) c);
        }
    }

    /** Records in {@code batch} that index entries are complete below {@code commitLogOffset}. */
    void setProgress(WriteBatch batch, long commitLogOffset) throws RocksDBException {
        tsBuf.clear();
        tsBuf.putLong(0, commitLogOffset);
        progressKeyBuf.clear();
        batch.put(progressKeyBuf, tsBuf);
    }

    /** The recovered index progress: entries are complete below this commit-log offset (0 if never written). */
    long progress() throws RocksDBException {
        byte[] v = db.get(PROGRESS_KEY);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Writes a batch built with {@link #add} / {@link #setProgress} (after {@link #beginBatch}). */
    void write(WriteBatch batch) throws RocksDBException {
        flushReverse(batch);
        if (batch.count() > 0) {
            db.write(writeOptions, batch);
        }
    }

    /** Commit-log offsets indexed under KEYS entry {@code key}, store time in [begin, end], oldest first. */
    List<Long> queryKey(String topic, String key, int maxNum, long begin, long end) {
        return scan(prefix(KEY, topic, key), maxNum, begin, end);
    }

    List<Long> queryUniq(String topic, String uniqKey, int maxNum) {
        return scan(prefix(UNIQ, topic, uniqKey), maxNum, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private List<Long> scan(byte[] prefix, int maxNum, long begin, long end) {
        List<Long> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && out.size() < maxNum; it.next()) {
                byte[] k = it.key();
                if (k.length != prefix.length + 8 || !startsWith(k, prefix)) {
                    if (!startsWith(k, prefix)) {
                        break;
                    }
                    continue;
                }
                long ts = ByteBuffer.wrap(it.value()).getLong();
                if (ts >= begin && ts <= end) {
                    out.add(ByteBuffer.wrap(k).getLong(prefix.length));
                }
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] a, byte[] p) {
        return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }

    /** Deletes every entry pointing at commit-log offsets in [from, to). */
    void deleteRange(long from, long to) throws RocksDBException {
        byte[] start = new byte[9];
        start[0] = REVERSE;
        ByteBuffer.wrap(start).putLong(1, from);
        try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k[0] != REVERSE) {
                    break;
                }
                long off = ByteBuffer.wrap(k).getLong(1);
                if (off >= to) {
                    break;
                }
                batch.delete(Arrays.copyOfRange(k, 9, k.length));
                batch.delete(k);
                if (batch.count() >= 10_000) {
                    db.write(writeOptions, batch);
                    batch.clear();
                }
            }
            if (batch.count() > 0) {
                db.write(writeOptions, batch);
            }
        }
    }

    /**
     * Deletes every entry at or after {@code offset}, lowers the progress to {@code offset} if it was past it, and
     * flushes, so a crash cannot bring back entries of truncated (and possibly rewritten) commit-log bytes.
     */
    void truncateFrom(long offset) throws RocksDBException {
        deleteRange(offset, Long.MAX_VALUE);
        if (progress() > offset) {
            try (WriteBatch b = new WriteBatch()) {
                setProgress(b, offset);
                db.write(writeOptions, b);
            }
        }
        flush();
    }

    /** Writes the memtable to disk (SST + manifest) and waits: everything written so far survives a crash. */
    void flush() throws RocksDBException {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo);
        }
    }

    /** Deletes the forward entries of one topic (reverse entries are left to age out with the commit log). */
    void deleteTopic(String topic) throws RocksDBException {
        for (byte type : new byte[] {KEY, UNIQ}) {
            byte[] t = topic.getBytes(StandardCharsets.UTF_8);
            byte[] p = new byte[t.length + 2];
            p[0] = type;
            System.arraycopy(t, 0, p, 1, t.length);
            byte[] endKey = p.clone();
            endKey[endKey.length - 1] = 1;
            db.deleteRange(writeOptions, p, endKey);
        }
        flush(); // a crash must not bring the topic's entries back (later progress is flushed with it)
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (RocksDBException e) {
            // the next start re-indexes from the last flushed progress
            org.slf4j.LoggerFactory.getLogger(MessageIndex.class).warn("index flush at close failed", e);
        }
        writeOptions.close();
        db.close();
        options.close();
    }
}
