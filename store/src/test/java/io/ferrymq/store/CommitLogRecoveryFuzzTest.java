package io.ferrymq.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferrymq.common.Clock;
import io.ferrymq.common.message.MessageDecoder;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for start-up recovery's commit-log parser: the input becomes the content of up to two 4 KiB
 * segments on disk (what a crash, a bad disk or a hostile file leaves), then {@link CommitLog#load} and
 * {@link CommitLog#recover} run as at start-up. Oracle: recovery never throws; the recovered end lies within the
 * segments; everything below the end is whole, valid entries (or a blank marker closing a segment); the bytes
 * after the end in its segment are zeroed.
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/store/CommitLogRecoveryFuzzTestInputs/recover/}.
 */
class CommitLogRecoveryFuzzTest {
    private static final int SEGMENT = 4096;
    private static Path root;

    @AfterAll
    static void removeFiles() throws IOException {
        if (root != null) {
            deleteTree(root);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void recover(byte[] input) throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("ferrymq-recovery-fuzz-");
        }
        Path dir = Files.createTempDirectory(root, "commitlog-");
        try {
            int segments = input.length > SEGMENT ? 2 : 1;
            for (int i = 0; i < segments; i++) {
                byte[] content = Arrays.copyOf(Arrays.copyOfRange(input, Math.min(input.length, i * SEGMENT),
                        Math.min(input.length, (i + 1) * SEGMENT)), SEGMENT);
                Files.write(dir.resolve(MappedSegment.fileName((long) i * SEGMENT)), content);
            }
            CommitLog log = new CommitLog(dir, SEGMENT, new SegmentReclaimer(Clock.SYSTEM));
            log.load();
            long end = log.recover(0);
            assertTrue(end >= 0 && end <= (long) segments * SEGMENT, "end " + end);
            assertEquals(end, log.maxOffset());
            assertValidBelow(log, end);
        } finally {
            deleteTree(dir);
        }
    }

    /** Walks the recovered log from 0 to {@code end}: only valid entries and segment-closing blanks. */
    private static void assertValidBelow(CommitLog log, long end) {
        long at = 0;
        while (at < end) {
            MappedSegment seg = log.segmentFor(at);
            ByteBuffer buf = seg.buffer();
            int pos = (int) (at - seg.startOffset());
            int r = MessageDecoder.check(buf, pos, SEGMENT, true);
            if (r == MessageDecoder.CHECK_BLANK) {
                at = seg.endOffset();
                continue;
            }
            assertTrue(r > 0, "entry at " + at + " below the recovered end " + end + " is not valid (" + r + ")");
            at += r;
        }
        assertEquals(end, at, "the recovered end is not an entry boundary");
        MappedSegment last = log.segmentFor(end == 0 ? 0 : end - 1);
        if (last != null && end < last.endOffset()) {
            ByteBuffer buf = last.buffer();
            for (int i = (int) (end - last.startOffset()); i < SEGMENT; i++) {
                assertEquals(0, buf.get(i), "byte " + i + " after the recovered end is not zeroed");
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(x);
            }
        }
    }
}
