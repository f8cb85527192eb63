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
 * forward  'k' topic 0x00 key 0x00 commitLogOffset(8)     -&gt; storeTimestamp(8)      one per KEYS entry
 *          'u' topic 0x00 uniqKey 0x00 commitLogOffset(8) -&gt; storeTimestamp(8)
 * reverse  'r' firstOffset(8) lastOffset(8)               -&gt; ([length(4)] forwardKey)*   one per round
 *          'o' commitLogOffset(8) forwardKey              -&gt; (empty)   written by earlier builds, still read
 * </pre>
 *
 * The reverse entries drop forward entries by commit-log range (retention, truncation). One group per dispatch
 * round (split at {@link #GROUP_LIMIT} bytes) lists the round's forward keys, whose last 8 bytes are their
 * offsets: the earlier one entry per key doubled the memtable inserts, flushes and compactions of the index, which
 * under batch sends cost about a third of the broker's CPU. A range delete that ends inside a group writes the group
 * again with the keys it keeps.
 *
 * <p>Writes come from the dispatch thread only (one batch per dispatch round, built in Java by {@link IndexBatch},
 * idempotent, so a re-dispatch after restart is harmless); deletes from the housekeeping thread or while dispatch
 * is stopped; queries from any thread.
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
    private static final byte GROUP = 'r';
    /** 'r' + first offset (8) + last offset (8). */
    private static final int GROUP_KEY_LENGTH = 17;
    /** Bytes of forward keys after which a reverse group is closed and the next one started. */
    static final int GROUP_LIMIT = 256 * 1024;

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

    // The dispatch thread's batch and buffers (beginBatch / add / setProgress / write are only called by one
    // thread at a time: the dispatch thread, or the starting / stopping thread while it does not run).
    private final IndexBatch batch = new IndexBatch();
    /** The forward key being built. */
    private byte[] keyBuf = new byte[256];
    /** The batch's pending reverse group: [length int][forward key] per entry, offsets ascending. */
    private byte[] group = new byte[IndexBatch.INITIAL];
    private int groupSize;
    private int groupEntries;
    private long groupFirst;
    private long groupLast;
    private final byte[] groupKeyBuf = new byte[GROUP_KEY_LENGTH];
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

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** Forgets the entries of a batch that was abandoned and starts a new one. */
    void beginBatch() {
        batch.clear();
        groupSize = 0;
        groupEntries = 0;
        if (group.length > IndexBatch.KEPT) {
            group = new byte[IndexBatch.INITIAL]; // as IndexBatch: an unusual round does not pin its buffer
        }
    }

    /** Adds the index entries of one message to the batch (no allocation for ASCII keys). */
    void add(String topic, String keys, String uniqKey, long commitLogOffset, long storeTimestamp) {
        if (topic != lastTopic) {
            lastTopic = topic;
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        if (keys != null && !keys.isEmpty()) {
            int from = 0;
            int len = keys.length();
            while (from <= len) {
                int sp = keys.indexOf(' ', from);
                int to = sp < 0 ? len : sp;
                if (to > from) {
                    addOne(KEY, keys, from, to, commitLogOffset, storeTimestamp);
                }
                from = to + 1;
            }
        }
        if (uniqKey != null && !uniqKey.isEmpty()) {
            addOne(UNIQ, uniqKey, 0, uniqKey.length(), commitLogOffset, storeTimestamp);
        }
    }

    private void addOne(byte type, String s, int from, int to, long offset, long storeTimestamp) {
        int t = lastTopicBytes.length;
        int most = 1 + t + 1 + 3 * (to - from) + 1 + 8; // a char takes at most 3 UTF-8 bytes (a pair 4)
        if (keyBuf.length < most) {
            keyBuf = new byte[Math.max(most, 2 * keyBuf.length)];
        }
        byte[] k = keyBuf;
        k[0] = type;
        System.arraycopy(lastTopicBytes, 0, k, 1, t);
        k[1 + t] = 0;
        int n = putUtf8(k, 2 + t, s, from, to);
        k[n++] = 0;
        putLong(k, n, offset);
        n += 8;
        batch.putLong(k, n, storeTimestamp);
        addToGroup(k, n, offset);
    }

    /** Writes chars [from, to) of {@code s} as UTF-8 at {@code at}; returns the position after them. */
    private static int putUtf8(byte[] b, int at, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.substring(from, to).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, b, at, utf8.length);
                return at + utf8.length;
            }
            b[at + i - from] = (byte) c;
        }
        return at + to - from;
    }

    /**
     * Records a forward key in the batch's reverse group (see the class doc). A group is closed when it reaches
     * {@link #GROUP_LIMIT} bytes, so one round with many or long keys writes several moderate values.
     */
    private void addToGroup(byte[] key, int len, long offset) {
        if (groupEntries > 0 && groupSize + 4 + len > GROUP_LIMIT) {
            closeGroup();
        }
        if (group.length < groupSize + 4 + len) {
            group = Arrays.copyOf(group, Math.max(2 * group.length, groupSize + 4 + len));
        }
        if (groupEntries == 0) {
            groupFirst = offset;
        }
        groupLast = offset; // a round dispatches ascending offsets
        putInt(group, groupSize, len);
        System.arraycopy(key, 0, group, groupSize + 4, len);
        groupSize += 4 + len;
        groupEntries++;
    }

    private void closeGroup() {
        if (groupEntries == 0) {
            return;
        }
        groupKey(groupKeyBuf, groupFirst, groupLast);
        batch.put(groupKeyBuf, GROUP_KEY_LENGTH, group, groupSize);
        groupSize = 0;
        groupEntries = 0;
    }

    /** Records in the batch that index entries are complete below {@code commitLogOffset}. */
    void setProgress(long commitLogOffset) {
        batch.putLong(PROGRESS_KEY, PROGRESS_KEY.length, commitLogOffset);
    }

    /** The recovered index progress: entries are complete below this commit-log offset (0 if never written). */
    long progress() throws RocksDBException {
        byte[] v = db.get(PROGRESS_KEY);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Writes the batch built with {@link #add} / {@link #setProgress} since {@link #beginBatch}, atomically. */
    void write() throws RocksDBException {
        closeGroup();
        if (batch.count() > 0) {
            try (WriteBatch wb = batch.toWriteBatch()) {
                db.write(writeOptions, wb);
            }
        }
        batch.clear();
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
        try (RocksIterator it = db.newIterator(); WriteBatch deletes = new WriteBatch()) {
            deleteReverseEntries(it, deletes, from, to);
            deleteThroughGroups(it, deletes, from, to);
            if (deletes.count() > 0) {
                db.write(writeOptions, deletes);
            }
        }
    }

    /** The one-per-key reverse entries that builds before the groups wrote (a store written by them). */
    private void deleteReverseEntries(RocksIterator it, WriteBatch deletes, long from, long to)
        throws RocksDBException {
        byte[] start = new byte[9];
        start[0] = REVERSE;
        putLong(start, 1, from);
        for (it.seek(start); it.isValid(); it.next()) {
            byte[] k = it.key();
            if (k[0] != REVERSE || getLong(k, 1) >= to) {
                break;
            }
            deletes.delete(Arrays.copyOfRange(k, 9, k.length));
            deletes.delete(k);
            writeIfLarge(deletes);
        }
    }

    /**
     * Deletes the forward keys of the groups that hold offsets in [from, to); a group that also holds offsets
     * outside is written again with just those. Groups cover disjoint offset ranges (each round's start is the
     * progress the previous one wrote, and a crash recovers a prefix of the rounds), so the only group that can
     * start before {@code from} and reach into the range is the last one that starts at or before it.
     */
    private void deleteThroughGroups(RocksIterator it, WriteBatch deletes, long from, long to)
        throws RocksDBException {
        it.seekForPrev(groupKey(new byte[GROUP_KEY_LENGTH], from, Long.MAX_VALUE));
        if (!it.isValid()) {
            it.seek(new byte[] {GROUP});
        }
        for (; it.isValid(); it.next()) {
            byte[] k = it.key();
            if (k[0] != GROUP) {
                if (k[0] < GROUP) {
                    continue; // seekForPrev landed before the first group
                }
                break;
            }
            if (k.length != GROUP_KEY_LENGTH) {
                throw new IllegalStateException("index: reverse group key of " + k.length + " bytes, expected "
                    + GROUP_KEY_LENGTH + " (" + Arrays.toString(k) + ")");
            }
            long first = getLong(k, 1);
            long last = getLong(k, 9);
            if (first >= to) {
                break;
            }
            if (last >= from) {
                splitGroup(k, it.value(), from, to, deletes);
                writeIfLarge(deletes);
            }
        }
    }

    private static void splitGroup(byte[] groupKey, byte[] v, long from, long to, WriteBatch deletes)
        throws RocksDBException {
        byte[] kept = null;
        int keptSize = 0;
        long keptFirst = 0;
        long keptLast = 0;
        boolean deleted = false;
        int pos = 0;
        while (pos < v.length) {
            int len = pos + 4 <= v.length ? getInt(v, pos) : -1;
            if (len < 9 || pos + 4 + len > v.length) {
                throw new IllegalStateException("index: reverse group at offset " + getLong(groupKey, 1)
                    + " is malformed at byte " + pos + " of " + v.length);
            }
            long off = getLong(v, pos + 4 + len - 8);
            if (off >= from && off < to) {
                deletes.delete(Arrays.copyOfRange(v, pos + 4, pos + 4 + len));
                deleted = true;
            } else {
                if (kept == null) {
                    kept = new byte[v.length];
                    keptFirst = off;
                }
                System.arraycopy(v, pos, kept, keptSize, 4 + len);
                keptSize += 4 + len;
                keptLast = off;
            }
            pos += 4 + len;
        }
        if (deleted) {
            deletes.delete(groupKey);
            if (kept != null) {
                deletes.put(groupKey(new byte[GROUP_KEY_LENGTH], keptFirst, keptLast), Arrays.copyOf(kept, keptSize));
            }
        }
    }

    private void writeIfLarge(WriteBatch deletes) throws RocksDBException {
        if (deletes.count() >= 10_000) {
            db.write(writeOptions, deletes);
            deletes.clear();
        }
    }

    private static byte[] groupKey(byte[] out, long first, long last) {
        out[0] = GROUP;
        putLong(out, 1, first);
        putLong(out, 9, last);
        return out;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /**
     * Deletes every entry at or after {@code offset}, lowers the progress to {@code offset} if it was past it, and
     * flushes, so a crash cannot bring back entries of truncated (and possibly rewritten) commit-log bytes.
     */
    void truncateFrom(long offset) throws RocksDBException {
        deleteRange(offset, Long.MAX_VALUE);
        if (progress() > offset) {
            db.put(writeOptions, PROGRESS_KEY, longBytes(offset));
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
