package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The index's entries per dispatch round: forward entries found by topic and key, and one reverse group per round
 * that drops them by commit-log range, also where the range ends inside a round.
 */
class MessageIndexTest {
    @TempDir
    Path dir;

    /** One round per call: messages at {@code offsets}, each with UNIQ_KEY "u{offset}" and KEYS "k{offset} all". */
    private static void round(MessageIndex index, long... offsets) throws Exception {
        index.beginBatch();
        for (long off : offsets) {
            index.add("T", "k" + off + " all", "u" + off, off, 1000 + off);
        }
        index.setProgress(offsets[offsets.length - 1] + 1);
        index.write();
    }

    private static List<Long> all(MessageIndex index) {
        return index.queryKey("T", "all", Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void entriesOfARoundAreFoundByKeyAndUniqueKeyWithTheProgress() throws Exception {
        try (MessageIndex index = new MessageIndex(dir)) {
            round(index, 10, 20, 30);
            assertEquals(List.of(20L), index.queryUniq("T", "u20", 8));
            assertEquals(List.of(30L), index.queryKey("T", "k30", 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(10L, 20L, 30L), all(index));
            assertEquals(List.of(20L), index.queryKey("T", "all", 8, 1015, 1025), "store time bounds");
            assertEquals(31, index.progress());
            assertEquals(List.of(), index.queryUniq("Other", "u20", 8));
        }
    }

    @Test
    void aRangeDeleteEndingInsideARoundKeepsTheRestOfThatRound() throws Exception {
        try (MessageIndex index = new MessageIndex(dir)) {
            round(index, 0, 1, 2, 3);
            round(index, 4, 5, 6, 7);
            round(index, 8, 9);
            index.deleteRange(0, 6); // retention: the first round whole, the second up to 6
            assertEquals(range(6, 10), all(index));
            assertEquals(List.of(), index.queryUniq("T", "u5", 8));
            assertEquals(List.of(6L), index.queryUniq("T", "u6", 8));
            index.deleteRange(0, 7); // the second round, written again with 6 and 7, loses 6
            assertEquals(range(7, 10), all(index));
            index.deleteRange(0, 100);
            assertEquals(List.of(), all(index));
        }
    }

    @Test
    void truncationInsideARoundDropsItsLaterEntriesAndLowersTheProgress() throws Exception {
        try (MessageIndex index = new MessageIndex(dir)) {
            round(index, 0, 1, 2);
            round(index, 3, 4, 5, 6);
            index.truncateFrom(5);
            assertEquals(range(0, 5), all(index));
            assertEquals(5, index.progress());
            round(index, 5, 6); // the dispatcher redoes the truncated range, maybe with other messages
            index.truncateFrom(4);
            assertEquals(range(0, 4), all(index));
            index.deleteRange(0, 2);
            assertEquals(range(2, 4), all(index));
        }
    }

    @Test
    void aRangeInsideOneRoundKeepsBothEnds() throws Exception {
        try (MessageIndex index = new MessageIndex(dir)) {
            round(index, 0, 1, 2, 3, 4);
            index.deleteRange(1, 3);
            assertEquals(List.of(0L, 3L, 4L), all(index));
            index.deleteRange(0, 4);
            assertEquals(List.of(4L), all(index));
        }
    }

    @Test
    void aLargeRoundIsSplitIntoGroupsThatAllDelete() throws Exception {
        long[] offsets = LongStream.range(0, 3000).toArray();
        String longKey = "x".repeat(300); // varint lengths of two bytes
        try (MessageIndex index = new MessageIndex(dir)) {
            index.beginBatch();
            for (long off : offsets) {
                index.add("T", longKey + off + " all", "u" + off, off, off);
            }
            index.write();
            assertTrue(3000L * (300 + 20) > MessageIndex.GROUP_LIMIT, "the round spans several groups");
            assertEquals(3000, all(index).size());
            index.deleteRange(0, 1500);
            assertEquals(range(1500, 3000), all(index));
            index.deleteRange(0, 3000);
            assertEquals(List.of(), all(index));
        }
    }

    @Test
    void nonAsciiAndLongKeysRoundTrip() throws Exception {
        String unicode = "订单-ü-\uD83D\uDE00";
        String huge = "h".repeat(20_000); // a three-byte varint length
        try (MessageIndex index = new MessageIndex(dir)) {
            index.beginBatch();
            index.add("T", unicode + " " + huge, "uniq", 42, 7);
            index.write();
            assertEquals(List.of(42L), index.queryKey("T", unicode, 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(42L), index.queryKey("T", huge, 8, 0, Long.MAX_VALUE));
            index.deleteRange(0, 43);
            assertEquals(List.of(), index.queryKey("T", unicode, 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(), index.queryKey("T", huge, 8, 0, Long.MAX_VALUE));
        }
    }

    @Test
    void entriesWrittenByEarlierBuildsWithOneReverseEntryPerKeyStillDelete() throws Exception {
        try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString())) {
            for (long off = 0; off < 4; off++) {
                byte[] fwd = legacyForward("u" + off, off);
                db.put(fwd, ByteBuffer.allocate(8).putLong(off).array());
                byte[] rev = ByteBuffer.allocate(9 + fwd.length).put((byte) 'o').putLong(off).put(fwd).array();
                db.put(rev, new byte[0]);
            }
        }
        try (MessageIndex index = new MessageIndex(dir)) {
            round(index, 4, 5);
            index.deleteRange(0, 5);
            List<Long> left = new ArrayList<>();
            for (long off = 0; off < 6; off++) {
                left.addAll(index.queryUniq("T", "u" + off, 8));
            }
            assertEquals(List.of(5L), left);
        }
    }

    private static byte[] legacyForward(String uniq, long off) {
        byte[] u = uniq.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 1 + 1 + u.length + 1 + 8).put((byte) 'u').put((byte) 'T').put((byte) 0).put(u)
            .put((byte) 0).putLong(off).array();
    }
}
