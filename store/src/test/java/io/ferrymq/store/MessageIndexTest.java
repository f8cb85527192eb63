package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The index's entries: found by topic and key across commit-log buckets, deleted by commit-log range (whole
 * buckets, and the buckets a range only partly covers), truncated, kept apart per topic, and rebuilt when written
 * by an earlier build.
 */
class MessageIndexTest {
    /** Four commit-log bytes per bucket: offsets 0-3, 4-7, 8-11 ... each fall into their own bucket. */
    private static final long SMALL = 4;
    private static final long LARGE = 1L << 30;

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
    void entriesAreFoundByKeyAndUniqueKeyInEveryBucketOldestFirst() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            round(index, 10, 20, 30);
            round(index, 31, 1_000_000);
            assertEquals(List.of(20L), index.queryUniq("T", "u20", 8));
            assertEquals(List.of(30L), index.queryKey("T", "k30", 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(10L, 20L, 30L, 31L, 1_000_000L), all(index));
            assertEquals(List.of(10L, 20L), index.queryKey("T", "all", 2, Long.MIN_VALUE, Long.MAX_VALUE), "maxNum");
            assertEquals(List.of(20L), index.queryKey("T", "all", 8, 1015, 1025), "store time bounds");
            assertEquals(List.of(), index.queryKey("T", "k3", 8, 0, Long.MAX_VALUE), "k3 is not a prefix match of k30");
            assertEquals(1_000_001, index.progress());
            assertEquals(List.of(), index.queryUniq("Other", "u20", 8));
        }
    }

    @Test
    void aRangeDeleteDropsWholeBucketsAndTheCoveredPartOfTheNext() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            round(index, 0, 1, 2, 3);
            round(index, 4, 5, 6, 7);
            round(index, 8, 9);
            index.flush(); // the entries are in files, which a whole-bucket delete drops
            index.deleteRange(0, 6); // retention: bucket 0-3 whole, bucket 4-7 up to 6
            assertEquals(range(6, 10), all(index));
            assertEquals(List.of(), index.queryUniq("T", "u5", 8));
            assertEquals(List.of(6L), index.queryUniq("T", "u6", 8));
            index.deleteRange(0, 7);
            assertEquals(range(7, 10), all(index));
            index.deleteRange(0, 100);
            assertEquals(List.of(), all(index));
            round(index, 100, 101);
            assertEquals(List.of(100L, 101L), all(index), "new entries after a delete");
        }
    }

    @Test
    void aRangeWithoutAWholeBucketKeepsBothEndsAlsoAcrossABoundary() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            round(index, 0, 1, 2, 3, 4, 5, 6, 7);
            index.deleteRange(1, 3); // inside bucket 0-3
            assertEquals(List.of(0L, 3L, 4L, 5L, 6L, 7L), all(index));
            index.deleteRange(3, 6); // the end of bucket 0-3 and the start of 4-7
            assertEquals(List.of(0L, 6L, 7L), all(index));
        }
        try (MessageIndex index = new MessageIndex(dir.resolve("large"), LARGE)) {
            round(index, 0, 1, 2, 3, 4);
            index.deleteRange(1, 3);
            assertEquals(List.of(0L, 3L, 4L), all(index));
            index.deleteRange(0, 4);
            assertEquals(List.of(4L), all(index));
        }
    }

    @Test
    void truncationDropsLaterEntriesAndLowersTheProgress() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            round(index, 0, 1, 2);
            round(index, 3, 4, 5, 6);
            index.truncateFrom(7); // at the progress: nothing lies at or above it
            assertEquals(range(0, 7), all(index));
            assertEquals(7, index.progress());
            index.truncateFrom(5);
            assertEquals(range(0, 5), all(index));
            assertEquals(5, index.progress());
            round(index, 5, 6); // the dispatcher redoes the truncated range, maybe with other messages
            index.truncateFrom(2);
            assertEquals(range(0, 2), all(index));
            assertEquals(2, index.progress());
        }
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            assertEquals(2, index.progress(), "a truncation is flushed");
            assertEquals(range(0, 2), all(index));
        }
    }

    @Test
    void theProgressDoesNotGoBackWhenAnEarlierStretchIsDispatchedAgain() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            round(index, 0, 1, 2, 3, 4, 5);
            round(index, 0, 1, 2); // consume queues rebuilt from the start: the same entries again
            assertEquals(6, index.progress());
            assertEquals(range(0, 6), all(index));
            index.truncateFrom(4);
            assertEquals(range(0, 4), all(index), "entries past the re-dispatched stretch still truncate");
        }
    }

    @Test
    void deletingATopicKeepsTheOthersInEveryBucket() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            index.beginBatch();
            for (long off = 0; off < 12; off++) {
                index.add(off % 2 == 0 ? "T" : "TT", "all", "u" + off, off, off);
            }
            index.setProgress(12);
            index.write();
            index.deleteTopic("T");
            assertEquals(List.of(), all(index));
            assertEquals(List.of(1L, 3L, 5L, 7L, 9L, 11L),
                index.queryKey("TT", "all", 100, Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(List.of(3L), index.queryUniq("TT", "u3", 8));
        }
    }

    @Test
    void nonAsciiAndLongKeysRoundTrip() throws Exception {
        String unicode = "订单-ü-\uD83D\uDE00";
        String huge = "h".repeat(20_000); // a three-byte varint length
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            index.beginBatch();
            index.add("T", unicode + " " + huge, "uniq", 42, 7);
            index.write();
            assertEquals(List.of(42L), index.queryKey("T", unicode, 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(42L), index.queryKey("T", huge, 8, 0, Long.MAX_VALUE));
            index.add("T", "n\u0000x", null, 42, 7); // its key bytes begin with those of key "n"
            index.write();
            assertEquals(List.of(), index.queryKey("T", "n", 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(42L), index.queryKey("T", "n\u0000x", 8, 0, Long.MAX_VALUE));
            index.deleteRange(0, 43);
            assertEquals(List.of(), index.queryKey("T", unicode, 8, 0, Long.MAX_VALUE));
            assertEquals(List.of(), index.queryKey("T", huge, 8, 0, Long.MAX_VALUE));
        }
    }

    @Test
    void anExistingIndexKeepsItsBucketSize() throws Exception {
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            round(index, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        }
        try (MessageIndex index = new MessageIndex(dir, LARGE)) { // the segment size was changed since
            assertEquals(range(0, 9), all(index));
            index.deleteRange(0, 6);
            assertEquals(range(6, 9), all(index));
            round(index, 9, 10);
            assertEquals(range(6, 11), all(index));
        }
    }

    @Test
    void anIndexOfEarlierBuildsIsDroppedSoStartUpRebuildsIt() throws Exception {
        try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString())) {
            for (long off = 0; off < 4; off++) {
                byte[] u = ("u" + off).getBytes(StandardCharsets.UTF_8);
                byte[] fwd = ByteBuffer.allocate(3 + u.length + 1 + 8).put((byte) 'u').put((byte) 'T').put((byte) 0)
                    .put(u).put((byte) 0).putLong(off).array();
                db.put(fwd, ByteBuffer.allocate(8).putLong(off).array());
            }
            db.put("#progress".getBytes(StandardCharsets.US_ASCII), ByteBuffer.allocate(8).putLong(4).array());
        }
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            assertEquals(0, index.progress(), "start-up re-indexes the whole commit log");
            assertEquals(List.of(), index.queryUniq("T", "u1", 8));
            round(index, 0, 1, 2, 3);
            assertEquals(List.of(1L), index.queryUniq("T", "u1", 8));
        }
        try (MessageIndex index = new MessageIndex(dir, SMALL)) {
            assertEquals(4, index.progress(), "the rebuilt index is not dropped again");
            assertEquals(range(0, 4), all(index));
        }
    }

    /**
     * Random rounds, retention deletes, range deletes and truncations against a model of the offsets that must be
     * found, with buckets smaller than, about as large as, and far larger than a round.
     */
    @Test
    void randomOperationsAgreeWithAModel() throws Exception {
        for (long bucket : new long[] {1, 7, 64, LARGE}) {
            Random rnd = new Random(bucket);
            TreeSet<Long> model = new TreeSet<>();
            try (MessageIndex index = new MessageIndex(dir.resolve("b" + bucket), bucket)) {
                long next = 0;
                for (int step = 0; step < 300; step++) {
                    int op = rnd.nextInt(10);
                    if (op < 6) {
                        int n = 1 + rnd.nextInt(20);
                        long[] offs = new long[n];
                        for (int i = 0; i < n; i++) {
                            next += 1 + rnd.nextInt(5);
                            offs[i] = next;
                            model.add(next);
                        }
                        round(index, offs);
                    } else if (op < 8) {
                        long to = rnd.nextLong(next + 2);
                        index.deleteRange(0, to);
                        model.headSet(to).clear();
                    } else if (op < 9 && rnd.nextBoolean()) {
                        index.flush(); // later deletes then meet SST files too, which whole-bucket deletes drop
                    } else if (op < 9) {
                        long from = rnd.nextLong(next + 2);
                        long to = from + rnd.nextInt(30);
                        index.deleteRange(from, to);
                        model.subSet(from, to).clear();
                    } else {
                        long from = next == 0 ? 0 : next - rnd.nextInt(40);
                        from = Math.max(from, model.isEmpty() ? 0 : model.first());
                        index.truncateFrom(from);
                        model.tailSet(from).clear();
                        next = Math.max(from, model.isEmpty() ? from : model.last());
                    }
                    assertEquals(new ArrayList<>(model), all(index), "bucket " + bucket + ", step " + step);
                }
            }
        }
    }
}
