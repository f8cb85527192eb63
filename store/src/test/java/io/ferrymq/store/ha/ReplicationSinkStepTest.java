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
import java.util.Map;
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
    private final class DirectTransport implements SinkTransport {
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

    private FileMessageStore store(String name) throws IOException {
        return HaTestStores.open(dir.resolve(name), clock);
    }

    @BeforeEach
    void open() throws Exception {
        master = store("master");
        slave = store("slave");
        for (int i = 0; i < 5; i++) {
            byte[] body = ("message-" + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(master.put(MessageToStore.of("TopicA", 0, body, MessageProperties.encode(Map.of()), 1234L,
                    HOST, HOST)).join().ok());
        }
    }

    @AfterEach
    void close() {
        slave.shutdown();
        master.shutdown();
    }

    private ReplicationSink sink(DirectTransport transport) {
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
    void withoutAMasterAddressARoundDoesNothing() {
        DirectTransport transport = new DirectTransport();
        ReplicationSink sink = sink(transport);
        sink.masterAddress(null);

        assertEquals(0, sink.step());
        assertEquals(0, transport.calls);
        assertEquals(0, slave.commitLogMaxOffset());
    }
}
