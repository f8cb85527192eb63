package io.ferrymq.store;

import java.util.Arrays;
import org.rocksdb.WriteBatch;

/**
 * The puts of one dispatch round, encoded in Java in RocksDB's serialized write-batch format and handed to RocksDB
 * in a single call ({@link #toWriteBatch}).
 *
 * <p>Why: every {@code WriteBatch.put} is a JNI call, and with direct buffers each one also pays the JNI checks of
 * both buffers. Under batch sends those checks were about a fifth of the dispatch thread's CPU, more than the
 * memtable inserts they feed. Appending to a Java array costs a copy of the key and value.
 *
 * <p>The format (RocksDB {@code db/write_batch.cc}): a 12-byte header, the sequence number (fixed64, left 0: the
 * database assigns it) and the record count (fixed32, little-endian), then per put the type byte
 * {@code kTypeValue} (1), the key and the value, each as a varint32 length followed by its bytes. Records go to
 * the default column family, the only one the index uses.
 *
 * <p>Reusable ({@link #clear}), not thread-safe: the dispatch thread's.
 */
final class IndexBatch {
    private static final int HEADER = 12;
    private static final byte TYPE_VALUE = 1;

    /** Initial buffer size; a buffer grown past {@link #KEPT} by an unusual round is dropped at the next clear. */
    static final int INITIAL = 64 * 1024;
    static final int KEPT = 1024 * 1024;

    private byte[] rep = new byte[INITIAL];
    private int size = HEADER;
    private int count;

    /** Forgets every put. */
    void clear() {
        size = HEADER;
        count = 0;
        if (rep.length > KEPT) {
            rep = new byte[INITIAL]; // a round of many long keys must not pin its buffer for the broker's life
        }
    }

    /** Capacity of the buffer (tests). */
    int capacity() {
        return rep.length;
    }

    /** Number of puts since {@link #clear}. */
    int count() {
        return count;
    }

    /** Adds a put of key {@code key[0, keyLen)} with value {@code value[0, valueLen)}. */
    void put(byte[] key, int keyLen, byte[] value, int valueLen) {
        ensure(1 + 5 + keyLen + 5 + valueLen);
        rep[size++] = TYPE_VALUE;
        putVarint(keyLen);
        System.arraycopy(key, 0, rep, size, keyLen);
        size += keyLen;
        putVarint(valueLen);
        System.arraycopy(value, 0, rep, size, valueLen);
        size += valueLen;
        count++;
    }

    /** Adds a put of key {@code key[0, keyLen)} with an 8-byte big-endian value. */
    void putLong(byte[] key, int keyLen, long value) {
        ensure(1 + 5 + keyLen + 1 + 8);
        rep[size++] = TYPE_VALUE;
        putVarint(keyLen);
        System.arraycopy(key, 0, rep, size, keyLen);
        size += keyLen;
        rep[size++] = 8;
        for (int shift = 56; shift >= 0; shift -= 8) {
            rep[size++] = (byte) (value >>> shift);
        }
        count++;
    }

    /** A RocksDB write batch holding the puts; the caller closes it. */
    WriteBatch toWriteBatch() {
        byte[] out = Arrays.copyOf(rep, size);
        for (int i = 0; i < 4; i++) { // count, fixed32 little-endian after the 8-byte sequence
            out[8 + i] = (byte) (count >>> (8 * i));
        }
        return new WriteBatch(out);
    }

    private void putVarint(int v) {
        while ((v & ~0x7F) != 0) {
            rep[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        rep[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > rep.length) {
            rep = Arrays.copyOf(rep, Math.max(rep.length * 2, size + more));
        }
    }
}
