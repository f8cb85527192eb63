package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rocksdb.WriteBatch;

/** A dispatch round's puts in RocksDB's serialized form, and the buffer a large round leaves behind. */
class IndexBatchTest {
    @Test
    void thePutsReachRocksDbAsOneBatchWithTheirCount() throws Exception {
        IndexBatch b = new IndexBatch();
        b.putLong(new byte[] {'a', 'b'}, 2, 42L);
        b.put(new byte[300], 300, new byte[200], 200); // two-byte varint lengths
        try (WriteBatch wb = b.toWriteBatch()) {
            assertEquals(2, wb.count());
            assertEquals(2, b.count());
        }
        b.clear();
        assertEquals(0, b.count());
    }

    @Test
    void aBufferGrownByAnUnusualRoundIsDroppedAtTheNextClear() {
        IndexBatch b = new IndexBatch();
        byte[] key = new byte[10_000];
        for (int i = 0; i < 200; i++) { // about 2 MB
            b.putLong(key, key.length, i);
        }
        assertTrue(b.capacity() > IndexBatch.KEPT);
        b.clear();
        assertEquals(IndexBatch.INITIAL, b.capacity());
    }
}
