package io.ferrymq.store.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageToStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication sink, stepped with a manual clock over an in-memory transport: a round copies the master's bytes
 * at the same offsets; a failed pull is counted as a fault and retried only after the back-off on the clock.
 */
class ReplicationSinkStepTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final int SEGMENT = HaTestStores.SEGMENT;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private FileMessageStore master;
    private FileMessageStore slave;

    /** Answers from the master store directly, or fails every call while {@code down}. */
    private class DirectTransport implements SinkTransport {
        boolean down;
        int calls;

        @Override
        public ChunkReply pull(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis)
                throws IOException {
            return read(masterAddress, offset, maxBytes, timeoutMillis);
        }

        @Override
        public ChunkReply read(String masterAddress, long offset, int maxBytes, long timeoutMillis)
                throws IOException {
            calls++;
            if (down) {
                throw new IOException("connect to " + masterAddress + " refused");
            }
            ByteBuffer bytes = master.readCommitLog(offset, maxBytes);
            return bytes == null ? ChunkReply.outOfRange(offset, master.commitLogMinOffset(),
                    master.commitLogMaxOffset())
                    : ChunkReply.success(offset, master.commitLogMinOffset(), master.commitLogMaxOffset(), bytes);
        }

        @Override
        public ChunkReply push(String masterAddress, long offset, ByteBuffer bytes, long timeoutMillis)
                throws IOException {
            throw new IOException("this master never asks for a restore (it never answers MASTER_BEHIND)");
        }

        @Override
        public void disconnect(String masterAddress) {
        }

        @Override
        public void close() {
        }
    }

    /** A pull started on the (simulated) I/O thread, answered when the test says so. */
    private record IoPull(long offset, BiConsumer<ChunkReply, Throwable> then) {
    }

    /** Also pulls on an "I/O thread": the test delivers each answer itself, as that thread would. */
    private final class IoThreadTransport extends DirectTransport {
        final Deque<IoPull> inFlight = new ArrayDeque<>();
        int workerPulls;

        @Override
        public ChunkReply pull(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis)
                throws IOException {
            workerPulls++;
            return super.pull(masterAddress, offset, maxBytes, holdMillis, timeoutMillis);
        }

        @Override
        public boolean pullOnIoThread(String masterAddress, long offset, int maxBytes, long holdMillis,
                                      long timeoutMillis, BiConsumer<ChunkReply, Throwable> then) {
            inFlight.add(new IoPull(offset, then));
            return true;
        }

        /** The master's answer to the pull in flight arrives on the I/O thread. */
        void answerFromMaster() throws IOException {
            IoPull p = inFlight.remove();
            p.then.accept(read("10.0.0.1:10912", p.offset, Integer.MAX_VALUE, 0), null);
        }
    }

    private FileMessageStore store(String name) throws IOException {
        return HaTestStores.open(dir.resolve(name), clock);
    }

    @BeforeEach
    void open() throws Exception {
        master = store("master");
        slave = store("slave");
        put(master, 5);
    }

    private static void put(FileMessageStore store, int n) {
        for (int i = 0; i < n; i++) {
            byte[] body = ("message-" + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(store.put(MessageToStore.of("TopicA", 0, body, MessageProperties.encode(Map.of()), 1234L,
                    HOST, HOST)).join().ok());
        }
    }

    @AfterEach
    void close() {
        slave.shutdown();
        master.shutdown();
    }

    private ReplicationSink sink(SinkTransport transport) {
        return new ReplicationSink(slave, SEGMENT, new ReplicationConfig().haMasterAddress("10.0.0.1:10912")
                .retryBackoffMillis(1000), transport, clock, faults);
    }

    @Test
    void oneRoundCopiesTheMastersBytesAtTheSameOffsets() {
        ReplicationSink sink = sink(new DirectTransport());

        assertEquals(1, sink.step());

        assertEquals(master.commitLogMaxOffset(), slave.commitLogMaxOffset());
        assertEquals(master.readCommitLog(0, SEGMENT), slave.readCommitLog(0, SEGMENT));
        assertEquals(0, sink.lagBytes());
        assertTrue(sink.inContactWithin(1));
    }

    @Test
    void aFailedPullIsCountedAndRetriedOnlyAfterTheBackOff() {
        DirectTransport transport = new DirectTransport();
        transport.down = true;
        ReplicationSink sink = sink(transport);

        assertEquals(0, sink.step());
        assertEquals(1, faults.count(ReplicationSink.PULL_FAILED));
        int calls = transport.calls;

        clock.advance(999);
        assertEquals(0, sink.step());
        assertEquals(calls, transport.calls, "no pull during the back-off");

        transport.down = false;
        clock.advance(1);
        assertEquals(1, sink.step(), "the back-off is over: the next round pulls");
        assertEquals(master.commitLogMaxOffset(), slave.commitLogMaxOffset());
        assertEquals(1, faults.count(ReplicationSink.PULL_FAILED));
    }

    @Test
    void afterACleanPullTheLoopRunsOnTheIoThreadAndTheWorkerIdles() throws Exception {
        IoThreadTransport transport = new IoThreadTransport();
        ReplicationSink sink = sink(transport);

        assertEquals(1, sink.step(), "the first pull is the worker's");
        assertEquals(master.commitLogMaxOffset(), slave.commitLogMaxOffset());
        assertEquals(1, transport.inFlight.size(), "then the next pull leaves on the I/O thread");
        assertEquals(master.commitLogMaxOffset(), transport.inFlight.peek().offset(), "acknowledging what it holds");

        assertEquals(0, sink.step(), "the worker idles while the I/O thread pulls");
        assertEquals(1, transport.workerPulls);

        put(master, 3);
        transport.answerFromMaster();
        assertEquals(master.commitLogMaxOffset(), slave.commitLogMaxOffset(), "appended on the I/O thread");
        assertEquals(master.readCommitLog(0, SEGMENT), slave.readCommitLog(0, SEGMENT));
        assertEquals(1, transport.inFlight.size(), "and the next pull left from there");
        assertEquals(master.commitLogMaxOffset(), transport.inFlight.peek().offset());
        assertEquals(1, transport.workerPulls, "without the worker");
    }

    @Test
    void aFailureOnTheIoThreadGoesBackToTheWorkerWhichCountsItAndBacksOff() {
        IoThreadTransport transport = new IoThreadTransport();
        ReplicationSink sink = sink(transport);
        assertEquals(1, sink.step());

        transport.inFlight.remove().then().accept(null, new IOException("connection reset by the master"));
        assertEquals(0, sink.step());
        assertEquals(1, faults.count(ReplicationSink.PULL_FAILED));
        assertTrue(faults.snapshot().toString().contains("connection reset by the master"), faults.snapshot()::toString);
        assertTrue(transport.inFlight.isEmpty(), "no pull while backing off");

        clock.advance(1000);
        assertEquals(1, sink.step(), "after the back-off the worker pulls again, checking the logs first");
        assertEquals(2, transport.workerPulls);
        assertEquals(1, transport.inFlight.size());
    }

    @Test
    void anAnswerOtherThanSuccessOnTheIoThreadIsDealtWithByTheWorker() {
        IoThreadTransport transport = new IoThreadTransport();
        ReplicationSink sink = sink(transport);
        assertEquals(1, sink.step());
        long end = slave.commitLogMaxOffset();

        transport.inFlight.remove().then().accept(ChunkReply.outOfRange(end, end + 100, end + 200), null);
        assertEquals(0, faults.count(ReplicationSink.PULL_FAILED), "the I/O thread only hands it over");
        assertEquals(0, sink.step());
        assertEquals(1, faults.count(ReplicationSink.PULL_FAILED), "the worker failed the round on it");
        assertTrue(faults.snapshot().toString().contains("earliest retained offset"), faults.snapshot()::toString);
        assertEquals(end, slave.commitLogMaxOffset(), "nothing appended");
    }

    @Test
    void withoutAMasterAddressARoundDoesNothing() {
        DirectTransport transport = new DirectTransport();
        ReplicationSink sink = sink(transport);
        sink.masterAddress(null);

        assertEquals(0, sink.step());
        assertEquals(0, transport.calls);
        assertEquals(0, slave.commitLogMaxOffset());
    }
}
