package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.PreparedMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Appends reach the segment by positional writes ({@link SegmentWriter}, SYNC_FLUSH) or through the mapping, while
 * everything else reads the mapping: in both write modes, what an append wrote is what the mapping and the file show
 * once it returns, across a segment roll, after the writer's channel was closed, and for a slave's raw appends.
 */
class CommitLogAppendTest {
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CommitLog.WriteMode.class)
    void anAppendIsInTheMappingAndTheFileOnceItReturns(CommitLog.WriteMode mode) throws IOException {
        CommitLog log = open(dir, mode);
        PreparedMessage m = message(0, 100);
        CommitLog.Appended a = log.append(new PreparedMessage[] {m}, 7, 42L);

        byte[] expected = encoded(m, 7, a.wroteOffset(), 42L);
        assertEquals(expected.length, a.wroteBytes());
        assertArrayEquals(expected, mapped(log, a.wroteOffset(), a.wroteBytes()));
        assertArrayEquals(expected, fileBytes(a.wroteOffset(), a.wroteBytes()));
        assertEquals(a.wroteOffset() + a.wroteBytes(), log.maxOffset());
    }

    @ParameterizedTest
    @EnumSource(CommitLog.WriteMode.class)
    void aBatchIsWrittenContiguouslyWithConsecutiveQueueOffsets(CommitLog.WriteMode mode) throws IOException {
        CommitLog log = open(dir, mode);
        PreparedMessage[] batch = {message(1, 10), message(2, 2000), message(3, 0)};
        CommitLog.Appended a = log.append(batch, 100, 5L);

        long phys = a.wroteOffset();
        for (int i = 0; i < batch.length; i++) {
            byte[] expected = encoded(batch[i], 100 + i, phys, 5L);
            assertArrayEquals(expected, mapped(log, phys, expected.length), "message " + i);
            phys += expected.length;
        }
        assertEquals(a.wroteOffset() + a.wroteBytes(), phys);
    }

    @ParameterizedTest
    @EnumSource(CommitLog.WriteMode.class)
    void aMessageThatDoesNotFitClosesTheSegmentWithABlankAndGoesToTheNext(CommitLog.WriteMode mode) throws IOException {
        CommitLog log = open(dir, mode);
        long queueOffset = 0;
        CommitLog.Appended last;
        do {
            last = log.append(new PreparedMessage[] {message((int) queueOffset, 3000)}, queueOffset, 1L);
            queueOffset++;
        } while (last.wroteOffset() < SEGMENT);

        assertEquals(SEGMENT, last.wroteOffset(), "the message that did not fit starts the second segment");
        MappedSegment first = log.segmentFor(0);
        int blankAt = 0;
        int r;
        while ((r = MessageDecoder.check(first.buffer(), blankAt, SEGMENT, true)) > 0) {
            blankAt += r;
        }
        assertEquals(MessageDecoder.CHECK_BLANK, r, "the first segment ends with a blank marker at " + blankAt);
        assertEquals(SEGMENT - blankAt, first.buffer().getInt(blankAt), "the blank spans the rest of the segment");
    }

    @ParameterizedTest
    @EnumSource(CommitLog.WriteMode.class)
    void appendsAfterTheWriterWasClosedReopenItAndSurviveARestart(CommitLog.WriteMode mode) throws IOException {
        CommitLog log = open(dir, mode);
        log.append(new PreparedMessage[] {message(0, 50)}, 0, 1L);
        log.closeWriter();
        CommitLog.Appended second = log.append(new PreparedMessage[] {message(1, 50)}, 1, 1L);
        long end = log.maxOffset();
        log.closeWriter();

        CommitLog reopened = open(dir, mode);
        assertEquals(end, reopened.maxOffset(), "recovery finds both appends in the files");
        assertArrayEquals(mapped(log, second.wroteOffset(), second.wroteBytes()),
                mapped(reopened, second.wroteOffset(), second.wroteBytes()));
    }

    @ParameterizedTest
    @EnumSource(CommitLog.WriteMode.class)
    void aRawAppendWritesItsBytesAndLeavesTheCallersBufferAlone(CommitLog.WriteMode mode) throws IOException {
        CommitLog master = open(dir.resolve("master"), mode);
        CommitLog.Appended a = master.append(new PreparedMessage[] {message(0, 300), message(1, 400)}, 0, 9L);
        ByteBuffer chunk = ByteBuffer.wrap(mapped(master, a.wroteOffset(), a.wroteBytes()));

        CommitLog slave = open(dir.resolve("slave"), mode);
        slave.appendRaw(chunk);

        assertEquals(0, chunk.position());
        assertEquals(a.wroteBytes(), slave.maxOffset());
        assertArrayEquals(chunk.array(), mapped(slave, 0, a.wroteBytes()));
    }

    private static CommitLog open(Path at, CommitLog.WriteMode mode) throws IOException {
        CommitLog log = new CommitLog(at, SEGMENT, new SegmentReclaimer(Clock.SYSTEM), mode);
        log.load();
        log.recover(0);
        return log;
    }

    private static PreparedMessage message(int n, int bodyBytes) {
        byte[] body = new byte[bodyBytes];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (n * 31 + i);
        }
        return PreparedMessage.builder().topic("append-test").queueId(3).body(body)
                .propertiesBytes(("KEYS\u0001k" + n + "\u0002").getBytes(StandardCharsets.UTF_8))
                .bornTimestamp(1234L).bornHost(StoreTestSupport.BORN).storeHost(StoreTestSupport.STORE_HOST).build();
    }

    private static byte[] encoded(PreparedMessage m, long queueOffset, long phys, long storeTimestamp) {
        ByteBuffer b = ByteBuffer.allocate(m.encodedLength());
        MessageEncoder.encode(b, m, queueOffset, phys, storeTimestamp);
        return b.array();
    }

    private static byte[] mapped(CommitLog log, long offset, int length) {
        MappedSegment seg = log.segmentFor(offset);
        byte[] out = new byte[length];
        seg.buffer().get((int) (offset - seg.startOffset()), out);
        return out;
    }

    private byte[] fileBytes(long offset, int length) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve(MappedSegment.fileName(offset - offset % SEGMENT)));
        int pos = (int) (offset % SEGMENT);
        byte[] out = new byte[length];
        System.arraycopy(all, pos, out, 0, length);
        return out;
    }
}
