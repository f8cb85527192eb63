package io.ferrymq.broker.timer;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The timer wheel's on-disk slots: one RocksDB key per waiting timer message, ordered by due time, so the wheel
 * reads only what is due now (never every waiting message) and memory stays bounded however many wait.
 *
 * <pre>
 *   'w' | due millis (8, big-endian) | commit-log offset of the waiting message (8, big-endian)  -> (empty)
 *   "#enqueue"   -> next queue offset of rmq_sys_wheel_timer to index (8)
 *   "#inflight"  -> due (8) | offset (8) of the last entry of the batch being delivered
 * </pre>
 *
 * Entries and the enqueue offset are written in one batch, and delivered entries are removed together with the
 * in-flight marker, all with RocksDB's write-ahead log, so a crash neither loses nor re-indexes an entry; after a
 * crash the marker names the batch that may be partly delivered. Not thread-safe: used by the wheel's thread.
 */
final class TimerIndex implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** One waiting timer message. */
    record Entry(long due, long commitLogOffset) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(commitLogOffset, o.commitLogOffset);
        }
    }

    private static final byte SLOT = 'w';
    private static final byte[] ENQUEUE_KEY = "#enqueue".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFLIGHT_KEY = "#inflight".getBytes(StandardCharsets.US_ASCII);

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions = new WriteOptions();

    TimerIndex(Path dir) throws IOException {
        Files.createDirectories(dir);
        options = new Options().setCreateIfMissing(true);
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the timer index at " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] slotKey(long due, long offset) {
        return ByteBuffer.allocate(17).put(SLOT).putLong(due).putLong(offset).array();
    }

    private long readLong(byte[] key, long dflt) throws RocksDBException {
        byte[] v = db.get(key);
        return v == null ? dflt : ByteBuffer.wrap(v).getLong();
    }

    long enqueueOffset() throws RocksDBException {
        return readLong(ENQUEUE_KEY, 0L);
    }

    /** Adds {@code entries} and moves the enqueue offset to {@code nextOffset}, atomically. */
    void enqueue(List<Entry> entries, long nextOffset) throws RocksDBException {
        try (WriteBatch b = new WriteBatch()) {
            for (Entry e : entries) {
                b.put(slotKey(e.due(), e.commitLogOffset()), new byte[0]);
            }
            b.put(ENQUEUE_KEY, ByteBuffer.allocate(8).putLong(nextOffset).array());
            db.write(writeOptions, b);
        }
    }

    /** Up to {@code max} entries due at or before {@code now}, in due order. */
    List<Entry> due(long now, int max) {
        List<Entry> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {SLOT}); it.isValid() && out.size() < max; it.next()) {
                byte[] k = it.key();
                if (k.length != 17 || k[0] != SLOT) {
                    break;
                }
                ByteBuffer bb = ByteBuffer.wrap(k, 1, 16);
                long due = bb.getLong();
                if (due > now) {
                    break;
                }
                out.add(new Entry(due, bb.getLong()));
            }
        }
        return out;
    }

    /** Due time of the earliest waiting entry, or -1 when none waits. */
    long firstDue() {
        try (RocksIterator it = db.newIterator()) {
            it.seek(new byte[] {SLOT});
            if (!it.isValid()) {
                return -1;
            }
            byte[] k = it.key();
            return k.length == 17 && k[0] == SLOT ? ByteBuffer.wrap(k, 1, 8).getLong() : -1;
        }
    }

    /** The earliest waiting entry, or null when none waits. */
    Entry first() {
        try (RocksIterator it = db.newIterator()) {
            it.seek(new byte[] {SLOT});
            if (!it.isValid()) {
                return null;
            }
            byte[] k = it.key();
            if (k.length != 17 || k[0] != SLOT) {
                return null;
            }
            ByteBuffer bb = ByteBuffer.wrap(k, 1, 16);
            return new Entry(bb.getLong(), bb.getLong());
        }
    }

    /**
     * Removes up to {@code max} entries ordered before {@code before} whose commit-log offset is at most
     * {@code maxCommitLogOffset} (a slave forgetting what its master delivered); returns how many it removed.
     */
    int forget(Entry before, long maxCommitLogOffset, int max) throws RocksDBException {
        int removed = 0;
        try (RocksIterator it = db.newIterator(); WriteBatch b = new WriteBatch()) {
            for (it.seek(new byte[] {SLOT}); it.isValid() && removed < max; it.next()) {
                byte[] k = it.key();
                if (k.length != 17 || k[0] != SLOT) {
                    break;
                }
                ByteBuffer bb = ByteBuffer.wrap(k, 1, 16);
                Entry e = new Entry(bb.getLong(), bb.getLong());
                if (e.compareTo(before) >= 0) {
                    break;
                }
                if (e.commitLogOffset() <= maxCommitLogOffset) {
                    b.delete(k);
                    removed++;
                }
            }
            if (removed > 0) {
                db.write(writeOptions, b);
            }
        }
        return removed;
    }

    /** The last entry of a batch whose delivery began and did not finish, or null. */
    Entry inflight() throws RocksDBException {
        byte[] v = db.get(INFLIGHT_KEY);
        if (v == null) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(v);
        return new Entry(bb.getLong(), bb.getLong());
    }

    void markInflight(Entry last) throws RocksDBException {
        db.put(writeOptions, INFLIGHT_KEY, ByteBuffer.allocate(16).putLong(last.due())
                .putLong(last.commitLogOffset()).array());
    }

    /** Removes delivered entries; with {@code batchDone} also the in-flight marker, atomically. */
    void remove(List<Entry> delivered, boolean batchDone) throws RocksDBException {
        try (WriteBatch b = new WriteBatch()) {
            for (Entry e : delivered) {
                b.delete(slotKey(e.due(), e.commitLogOffset()));
            }
            if (batchDone) {
                b.delete(INFLIGHT_KEY);
            }
            db.write(writeOptions, b);
        }
    }

    /** RocksDB's estimate of the waiting entries (plus the two meta keys). */
    long estimatedWaiting() {
        try {
            return Math.max(0, db.getLongProperty("rocksdb.estimate-num-keys") - 2);
        } catch (RocksDBException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
    }
}
