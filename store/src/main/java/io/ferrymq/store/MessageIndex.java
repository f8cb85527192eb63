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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message indexes in RocksDB: by KEYS entry and by UNIQ_KEY, per topic, pointing at commit-log offsets.
 *
 * <pre>
 * forward  bucket(8) 'k' topic 0x00 key 0x00 commitLogOffset(8)     -&gt; storeTimestamp(8)   one per KEYS entry
 *          bucket(8) 'u' topic 0x00 uniqKey 0x00 commitLogOffset(8) -&gt; storeTimestamp(8)
 * meta     0xFF 'p'  -&gt; index progress (8)      0xFF 'f' -&gt; format (4) bucketBytes (8)
 * </pre>
 *
 * <p>Every key starts with its <em>bucket</em>, the commit-log offset divided by the bucket size (the commit log's
 * segment size, at least 64 MiB: {@link #bucketBytesFor}; recorded in the format entry when the index is created).
 * Why: the commit log is deleted and truncated by offset, and the index must follow. With the bucket first,
 * dropping whole buckets is one range delete, no entry has to list the keys of an offset range, and what RocksDB
 * flushes is ordered by time, so its compactions overlap little older data. The earlier layout (topic first, plus
 * one reverse entry group per dispatch round listing the round's keys, to delete them by offset) wrote every key
 * twice and made every flushed file span the whole key space. Replaying 1.5 million messages, RocksDB's flush and
 * compaction threads used about 30% less CPU and the index took 48 MB on disk instead of 129 MB
 * (docs/benchmarks.md, "The index by commit-log bucket"). The price is on queries: one seek per bucket, so a key
 * lookup in a store of 500 one-GiB segments makes about 500 seeks. A range that ends inside a bucket is deleted by
 * scanning that bucket; retention deletes whole segments, which are whole buckets with the default segment size.
 *
 * <p>An index written by builds before the bucket layout has no format entry: it is dropped at open and rebuilt
 * from the commit log, as after its loss ({@link #progress} is 0 then).
 *
 * <p>Writes come from the dispatch thread only (one batch per dispatch round, built in Java by {@link IndexBatch},
 * idempotent, so a re-dispatch after restart is harmless); deletes from the housekeeping thread or while dispatch
 * is stopped; queries from any thread.
 *
 * <p>Crash safety without a WAL: the index is derived data, so every write goes without RocksDB's WAL
 * ({@code disableWAL}). Each dispatch batch also carries the <em>index progress</em> (index entries are complete
 * below this commit-log offset). Without a WAL, RocksDB recovers after a crash to its last flushed memtable, i.e.
 * to a prefix of the batches (one column family, every write without WAL), so the recovered entries and the
 * recovered progress always agree; start-up re-indexes the commit log from {@link #progress()} (idempotent).
 * Operations that must not be undone by a crash ({@link #truncateFrom}, {@link #deleteTopic}) flush the memtable
 * before returning; retention deletes are redone at start-up. {@link #close} flushes, so a clean restart
 * re-indexes nothing.
 */
final class MessageIndex implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageIndex.class);
    private static final byte KEY = 'k';
    private static final byte UNIQ = 'u';
    /** First byte of the meta entries: above every bucket's first byte (buckets are non-negative longs). */
    private static final byte META = (byte) 0xFF;
    /** Index progress (commit-log offset, 8 bytes). */
    static final byte[] PROGRESS_KEY = {META, 'p'};
    /** Format entry: version (4) and bucket size (8); absent in an index of earlier builds. */
    private static final byte[] FORMAT_KEY = {META, 'f'};
    private static final int FORMAT_VERSION = 2;
    private static final int BUCKET = 8;
    /** Smallest bucket {@link #bucketBytesFor} gives: a query seeks once per bucket, so buckets must not be tiny. */
    static final long MIN_BUCKET_BYTES = 64L << 20;
    /** Test-only override of the memtable size (the crash test makes it tiny so flushes happen mid-run). */
    static final String WRITE_BUFFER_PROPERTY = "ferrymq.store.indexWriteBufferBytes";

    private final Path dir;
    private final Options options;
    private RocksDB db;
    private final WriteOptions writeOptions;
    /** Commit-log bytes per bucket, as recorded in the index. */
    private final long bucketBytes;
    /** The written progress (see {@link #setProgress}); set by the dispatch thread, or while it does not run. */
    private volatile long progress;
    /** Everything below this offset is known deleted (so retention's repeated passes write nothing); any thread. */
    private volatile long deletedBelow;

    /**
     * The bucket size for a commit log of {@code segmentSize}-byte segments: the smallest multiple of the segment
     * size that is at least {@link #MIN_BUCKET_BYTES}. A whole number of segments, so retention, which deletes
     * whole segments, deletes whole buckets; the 1 GiB default segment is one bucket. With small segments a
     * retention pass scans the bucket it cuts into.
     */
    static long bucketBytesFor(int segmentSize) {
        long segments = (MIN_BUCKET_BYTES + segmentSize - 1) / segmentSize;
        return segments * segmentSize;
    }

    /**
     * Opens (creates) the index in {@code dir}. {@code bucketBytes} (see {@link #bucketBytesFor}) applies to a new
     * index; an existing one keeps the bucket size it was created with.
     */
    MessageIndex(Path dir, long bucketBytes) throws IOException {
        if (bucketBytes <= 0) {
            throw new IllegalArgumentException("index bucket size must be positive, got " + bucketBytes);
        }
        this.dir = dir;
        Files.createDirectories(dir);
        // Index keys are small and short-lived on disk (they age out with the commit log): no compression, and a
        // 64 MiB memtable (RocksDB's default, stated explicitly because it bounds the re-index after a crash).
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION)
            .setWriteBufferSize(Long.getLong(WRITE_BUFFER_PROPERTY, 64L << 20));
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        try {
            this.db = open();
            this.bucketBytes = formatOrCreate(bucketBytes);
            this.progress = readProgress();
        } catch (RocksDBException e) {
            close();
            throw new IOException("cannot open index RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    private RocksDB open() throws RocksDBException {
        return RocksDB.open(options, dir.toString());
    }

    /** The recorded bucket size; records {@code wanted} in a new index, and rebuilds an index of earlier builds. */
    private long formatOrCreate(long wanted) throws RocksDBException {
        byte[] f = db.get(FORMAT_KEY);
        if (f != null) {
            ByteBuffer b = ByteBuffer.wrap(f);
            int version = f.length == 12 ? b.getInt() : -1;
            long recorded = f.length == 12 ? b.getLong() : -1;
            if (version != FORMAT_VERSION || recorded <= 0) {
                throw new RocksDBException("index format entry " + Arrays.toString(f) + " is not version "
                    + FORMAT_VERSION + " with a positive bucket size; delete " + dir
                    + " to rebuild the index from the commit log");
            }
            if (recorded != wanted) {
                LOG.info("index {}: keeps its bucket size of {} bytes (the configured segment size would give {})",
                    dir, recorded, wanted);
            }
            return recorded;
        }
        boolean empty;
        try (RocksIterator it = db.newIterator()) {
            it.seekToFirst();
            empty = !it.isValid();
        }
        if (!empty) {
            LOG.warn("index {}: written by an earlier build (no bucket layout); dropping it, start-up rebuilds it "
                + "from the commit log", dir);
            db.close();
            RocksDB.destroyDB(dir.toString(), options);
            db = open();
        }
        db.put(writeOptions, FORMAT_KEY, ByteBuffer.allocate(12).putInt(FORMAT_VERSION).putLong(wanted).array());
        flush();
        return wanted;
    }

    // The dispatch thread's batch and buffers (beginBatch / add / setProgress / write are only called by one
    // thread at a time: the dispatch thread, or the starting / stopping thread while it does not run).
    private final IndexBatch batch = new IndexBatch();
    /** The forward key being built. */
    private byte[] keyBuf = new byte[256];
    private String lastTopic;
    private byte[] lastTopicBytes;
    /** The progress the batch records (-1: none). */
    private long pendingProgress = -1;

    /** type topic 0x00 key 0x00: what follows the bucket in every forward key of {@code key}. */
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
        pendingProgress = -1;
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
        int most = BUCKET + 1 + t + 1 + 3 * (to - from) + 1 + 8; // a char takes at most 3 UTF-8 bytes (a pair 4)
        if (keyBuf.length < most) {
            keyBuf = new byte[Math.max(most, 2 * keyBuf.length)];
        }
        byte[] k = keyBuf;
        putLong(k, 0, offset / bucketBytes);
        k[BUCKET] = type;
        System.arraycopy(lastTopicBytes, 0, k, BUCKET + 1, t);
        k[BUCKET + 1 + t] = 0;
        int n = putUtf8(k, BUCKET + 2 + t, s, from, to);
        k[n++] = 0;
        putLong(k, n, offset);
        n += 8;
        batch.putLong(k, n, storeTimestamp);
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
     * Records in the batch that index entries are complete below {@code commitLogOffset}. The recorded progress
     * never goes back here (a dispatcher that re-dispatches an earlier stretch, to rebuild consume queues, writes
     * the same entries again); only {@link #truncateFrom} lowers it. So every entry lies below the progress.
     */
    void setProgress(long commitLogOffset) {
        long p = Math.max(progress, commitLogOffset);
        batch.putLong(PROGRESS_KEY, PROGRESS_KEY.length, p);
        pendingProgress = p;
    }

    /** The index progress: entries are complete below this commit-log offset (0 for a new index). */
    long progress() {
        return progress;
    }

    private long readProgress() throws RocksDBException {
        byte[] v = db.get(PROGRESS_KEY);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Writes the batch built with {@link #add} / {@link #setProgress} since {@link #beginBatch}, atomically. */
    void write() throws RocksDBException {
        if (batch.count() > 0) {
            try (WriteBatch wb = batch.toWriteBatch()) {
                db.write(writeOptions, wb);
            }
        }
        if (pendingProgress > progress) {
            progress = pendingProgress;
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

    /**
     * Bucket after bucket, oldest first, one seek per bucket: a seek to (bucket, key) lands on the key's entries
     * in that bucket, or past them in the same bucket (then the next bucket is tried), or in a later bucket, which
     * is then the next one that exists.
     */
    private List<Long> scan(byte[] prefix, int maxNum, long begin, long end) {
        List<Long> out = new ArrayList<>();
        byte[] target = new byte[BUCKET + prefix.length];
        System.arraycopy(prefix, 0, target, BUCKET, prefix.length);
        try (RocksIterator it = db.newIterator()) {
            long bucket = 0;
            while (out.size() < maxNum) {
                putLong(target, 0, bucket);
                it.seek(target);
                if (!it.isValid() || it.key()[0] == META) {
                    break;
                }
                long at = getLong(it.key(), 0);
                if (at != bucket) {
                    bucket = at; // nothing at or after the key in this bucket; the next bucket that exists
                    continue;
                }
                for (; it.isValid() && out.size() < maxNum; it.next()) {
                    byte[] k = it.key();
                    if (!startsWith(k, target)) {
                        break;
                    }
                    if (k.length != target.length + 8) {
                        continue; // a longer key that begins with these bytes (one with a NUL byte in it), not this key
                    }
                    long ts = getLong(it.value(), 0);
                    if (ts >= begin && ts <= end) {
                        out.add(getLong(k, target.length));
                    }
                }
                if (bucket == Long.MAX_VALUE) {
                    break;
                }
                bucket++;
            }
        }
        return out;
    }

    private static byte[] bucketStart(long bucket) {
        byte[] k = new byte[BUCKET];
        putLong(k, 0, bucket);
        return k;
    }

    private static boolean startsWith(byte[] a, byte[] p) {
        return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }

    /**
     * Deletes every entry pointing at commit-log offsets in [from, to): whole buckets with one range delete (and
     * their files at once where a file holds nothing else), the buckets the range only partly covers by scanning
     * them.
     */
    void deleteRange(long from, long to) throws RocksDBException {
        if (from >= to || from <= 0 && to <= deletedBelow) {
            return;
        }
        long firstWhole = ceilDiv(from, bucketBytes);
        long endWhole = to / bucketBytes; // exclusive
        try (WriteBatch deletes = new WriteBatch()) {
            if (firstWhole < endWhole) {
                db.deleteRange(writeOptions, bucketStart(firstWhole), bucketStart(endWhole));
                db.deleteFilesInRanges(null, List.of(bucketStart(firstWhole), bucketStart(endWhole)), false);
                if (from % bucketBytes != 0) {
                    deleteInBucket(from / bucketBytes, from, to, deletes);
                }
                if (to % bucketBytes != 0) {
                    deleteInBucket(endWhole, from, to, deletes);
                }
            } else {
                // no whole bucket: [from, to) lies in one bucket, or in the two around a boundary
                deleteInBucket(from / bucketBytes, from, to, deletes);
                if ((to - 1) / bucketBytes != from / bucketBytes) {
                    deleteInBucket((to - 1) / bucketBytes, from, to, deletes);
                }
            }
            if (deletes.count() > 0) {
                db.write(writeOptions, deletes);
            }
        }
        if (from <= 0) {
            deletedBelow = Math.max(deletedBelow, to);
        }
    }

    /** Deletes the entries of {@code bucket} whose offsets (a forward key's last 8 bytes) are in [from, to). */
    private void deleteInBucket(long bucket, long from, long to, WriteBatch deletes) throws RocksDBException {
        byte[] start = bucketStart(bucket);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (!startsWith(k, start)) {
                    break;
                }
                if (k.length < BUCKET + 1 + 1 + 1 + 8) {
                    throw new IllegalStateException("index: key of " + k.length + " bytes in bucket " + bucket
                        + " is too short for a forward entry (" + Arrays.toString(k) + ")");
                }
                long off = getLong(k, k.length - 8);
                if (off >= from && off < to) {
                    deletes.delete(k);
                    if (deletes.count() >= 10_000) {
                        db.write(writeOptions, deletes);
                        deletes.clear();
                    }
                }
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
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

    /**
     * Deletes every entry at or after {@code offset}, lowers the progress to {@code offset} if it was past it, and
     * flushes, so a crash cannot bring back entries of truncated (and possibly rewritten) commit-log bytes. Nothing
     * to do when the progress is at or below {@code offset}: every entry lies below the progress (start-up calls
     * this with the commit log's end each time).
     */
    void truncateFrom(long offset) throws RocksDBException {
        if (offset >= progress) {
            return;
        }
        deleteRange(offset, Long.MAX_VALUE);
        db.put(writeOptions, PROGRESS_KEY, longBytes(offset));
        progress = offset;
        deletedBelow = Math.min(deletedBelow, offset); // entries may be written below it again
        flush();
    }

    /** Writes the memtable to disk (SST + manifest) and waits: everything written so far survives a crash. */
    void flush() throws RocksDBException {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo);
        }
    }

    /** Deletes every entry of one topic, bucket by bucket, and flushes. */
    void deleteTopic(String topic) throws RocksDBException {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator()) {
            long bucket = 0;
            while (true) {
                it.seek(bucketStart(bucket));
                if (!it.isValid() || it.key()[0] == META) {
                    break;
                }
                bucket = getLong(it.key(), 0);
                for (byte type : new byte[] {KEY, UNIQ}) {
                    byte[] p = new byte[BUCKET + 1 + t.length + 1]; // bucket type topic 0x00
                    putLong(p, 0, bucket);
                    p[BUCKET] = type;
                    System.arraycopy(t, 0, p, BUCKET + 1, t.length);
                    byte[] endKey = p.clone();
                    endKey[endKey.length - 1] = 1;
                    db.deleteRange(writeOptions, p, endKey);
                }
                if (bucket == Long.MAX_VALUE) {
                    break;
                }
                bucket++;
            }
        }
        flush(); // a crash must not bring the topic's entries back (later progress is flushed with it)
    }

    @Override
    public void close() {
        if (db != null) {
            try {
                flush();
            } catch (RocksDBException e) {
                // the next start re-indexes from the last flushed progress
                LOG.warn("index flush at close failed", e);
            }
            db.close();
            db = null;
        }
        writeOptions.close();
        options.close();
    }
}
