package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * queries from any thread. RocksDB's WAL makes committed batches survive kill -9.
 */
final class MessageIndex implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final byte KEY = 'k';
    private static final byte UNIQ = 'u';
    private static final byte REVERSE = 'o';

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;

    MessageIndex(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.options = new Options().setCreateIfMissing(true);
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open index RocksDB at " + dir + ": " + e.getMessage(), e);
        }
        this.writeOptions = new WriteOptions();
    }

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

    /** Adds the index entries of one message to {@code batch}. */
    void add(WriteBatch batch, String topic, String keys, String uniqKey, long commitLogOffset, long storeTimestamp)
        throws RocksDBException {
        byte[] ts = longBytes(storeTimestamp);
        if (keys != null && !keys.isEmpty()) {
            for (String k : keys.split(" ")) {
                if (!k.isEmpty()) {
                    put(batch, withOffset(prefix(KEY, topic, k), commitLogOffset), commitLogOffset, ts);
                }
            }
        }
        if (uniqKey != null && !uniqKey.isEmpty()) {
            put(batch, withOffset(prefix(UNIQ, topic, uniqKey), commitLogOffset), commitLogOffset, ts);
        }
    }

    private static void put(WriteBatch batch, byte[] fwd, long offset, byte[] ts) throws RocksDBException {
        batch.put(fwd, ts);
        batch.put(reverseKey(offset, fwd), new byte[0]);
    }

    void write(WriteBatch batch) throws RocksDBException {
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
            write(batch);
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
            db.deleteRange(p, endKey);
        }
    }

    /** Makes every write so far durable (WAL fsync). */
    void syncWal() throws IOException {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IOException("index WAL sync failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.syncWal();
        } catch (RocksDBException ignored) {
            // closing anyway
        }
        writeOptions.close();
        db.close();
        options.close();
    }
}
