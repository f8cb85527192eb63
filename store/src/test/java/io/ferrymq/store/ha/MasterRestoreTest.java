package io.ferrymq.store.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.PutStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 3 of issue 15 at the lowest level: a master killed, its store deleted and started empty, while its slave
 * holds every acknowledged message. A real {@link ReplicationSource} and {@link ReplicationSink} are linked in memory
 * and stepped on a manual clock. Before the fix the slave "realigned" to the empty master and truncated everything
 * (FULL03: 721 SEND_OKs gone from the slave).
 */
class MasterRestoreTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final int SEGMENT = HaTestStores.SEGMENT;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry masterFaults = new FaultRegistry(clock);
    private final FaultRegistry slaveFaults = new FaultRegistry(clock);
    private FileMessageStore master;
    private FileMessageStore slave;
    private ReplicationSource source;
    private ReplicationSink sink;

    private record Peer(String remoteAddress) implements SlaveLink {
        @Override
        public boolean isActive() {
            return true;
        }
    }

    /** The slave's transport, answered by the master's source on the test thread. */
    private final class Linked implements SinkTransport, SourceTransport {
        private final SlaveLink link = new Peer("10.0.0.2:40000");

        private ChunkReply await(Consumer<Consumer<ChunkReply>> request) {
            AtomicReference<ChunkReply> got = new AtomicReference<>();
            request.accept(got::set);
            for (int i = 0; i < 10 && got.get() == null; i++) {
                source.step();
            }
            if (got.get() == null) {
                throw new AssertionError("the source did not answer within 10 rounds");
            }
            return got.get();
        }

        @Override
        public ChunkReply pull(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis) {
            return await(r -> source.onPull(link, offset, maxBytes, 0, r));
        }

        @Override
        public ChunkReply read(String masterAddress, long offset, int maxBytes, long timeoutMillis) {
            return await(r -> source.onRead(link, offset, maxBytes, r));
        }

        @Override
        public ChunkReply push(String masterAddress, long offset, ByteBuffer bytes, long timeoutMillis) {
            return await(r -> source.onPush(link, offset, bytes, r));
        }

        @Override
        public void disconnect(String masterAddress) {
        }

        @Override
        public void start(Handler handler) {
            throw new AssertionError("stepped, never started");
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private FileMessageStore store(String name) throws IOException {
        return HaTestStores.open(dir.resolve(name), clock);
    }

    private PutResult put(FileMessageStore s, String body) {
        return s.put(MessageToStore.of("TopicA", 0, body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(Map.of()), 1234L, HOST, HOST)).join();
    }

    /** A (re)started master with its source, restore window open, and the slave's sink pointed at it. */
    private void startMaster(long restoreWaitMillis) {
        Linked linked = new Linked();
        source = new ReplicationSource(master, new ReplicationConfig().holdMillis(0)
                .restoreWaitMillis(restoreWaitMillis), linked, clock, masterFaults);
        source.openRestoreWindow();
        sink = new ReplicationSink(slave, SEGMENT, new ReplicationConfig().haMasterAddress("10.0.0.1:10912")
                .retryBackoffMillis(1000), linked, clock, slaveFaults);
    }

    /** Steps the sink until {@code done} or 50 rounds (advancing past any back-off); true when done. */
    private boolean stepUntil(java.util.function.BooleanSupplier done) {
        for (int i = 0; i < 50 && !done.getAsBoolean(); i++) {
            if (sink.step() == 0) {
                clock.advance(1000);
            }
        }
        return done.getAsBoolean();
    }

    /** kill -9 and rm -rf: the master's store is gone; it starts empty at the same path. */
    private void deleteMastersStore() throws IOException {
        sink.close();
        source.close();
        master.shutdown();
        try (Stream<Path> files = Files.walk(dir.resolve("master"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        master = store("master");
    }

    @BeforeEach
    void replicateTwentyMessages() throws IOException {
        master = store("master");
        slave = store("slave");
        startMaster(0);
        for (int i = 0; i < 20; i++) {
            assertTrue(put(master, "acknowledged-" + i).ok());
        }
        assertTrue(stepUntil(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset()), "slave caught up");
    }

    @AfterEach
    void close() {
        sink.close();
        source.close();
        slave.shutdown();
        master.shutdown();
    }

    @Test
    void aMasterRestartedEmptyRestoresItsLogFromItsSlaveBeforeTakingPuts() throws IOException {
        long slaveEnd = slave.commitLogMaxOffset();
        ByteBuffer slaveBytes = slave.readCommitLog(0, SEGMENT);
        deleteMastersStore();
        startMaster(10_000);
        assertEquals(0, master.commitLogMaxOffset());

        PutResult early = put(master, "too-early");
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, early.status(), "puts are held until the slave has reported");
        assertTrue(early.reason().contains("waits up to 10000 ms"), early.reason());

        assertTrue(stepUntil(() -> master.commitLogMaxOffset() == slaveEnd), "the master restored from its slave");

        assertEquals(slaveEnd, slave.commitLogMaxOffset(), "the slave never truncated");
        assertEquals(slaveBytes, master.readCommitLog(0, SEGMENT), "byte for byte the slave's log");
        assertEquals(0, slaveFaults.count(ReplicationSink.TRUNCATED));
        assertEquals(1, slaveFaults.count(ReplicationSink.RESTORED_MASTER));
        assertEquals(slaveEnd, sink.pushedBytes());
        sink.step(); // the slave's pull at its end, now within the master's log, ends the restore
        assertEquals(1, masterFaults.count(MasterRestore.RESTORED));
        assertEquals("SERVING", source.restoreState());
        assertTrue(masterFaults.failingConditions().isEmpty(), masterFaults.failingConditions().toString());
        long deadline = System.nanoTime() + 10_000_000_000L; // the dispatcher is the store's own thread
        while (master.get("TopicA", 0, 0, 100, 1 << 20, null).messageCount() < 20 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertEquals(20, master.get("TopicA", 0, 0, 100, 1 << 20, null).messageCount(),
                "the restored messages are dispatched to the master's consume queue");

        assertTrue(put(master, "after-restore").ok(), "puts are taken again");
        assertTrue(stepUntil(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset()),
                "and replicated as usual");
    }

    @Test
    void whenTheRestartedMasterTookAPutFirstItWinsAndTheSlaveCountsWhatItDropped() throws IOException {
        deleteMastersStore();
        startMaster(0); // ASYNC_MASTER: no wait, and a put comes before the slave reports
        assertTrue(put(master, "new-after-restart").ok());

        assertTrue(stepUntil(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset()), "slave realigned");

        assertEquals(master.readCommitLog(0, SEGMENT), slave.readCommitLog(0, SEGMENT));
        assertEquals(1, slaveFaults.count(ReplicationSink.TRUNCATED), "the loss is counted");
        assertTrue(slaveFaults.snapshot().stream().anyMatch(f -> f.name().equals(ReplicationSink.TRUNCATED)
                && f.lastMessage().contains("truncating 2230 bytes")), slaveFaults.snapshot().toString());
        assertEquals(0, masterFaults.count(MasterRestore.RESTORED), "nothing of the master's own is overwritten");
    }

    @Test
    void aSlaveAheadOfAMasterThatGaveUpRestoringKeepsItsLogAndSaysSo() throws IOException {
        long slaveEnd = slave.commitLogMaxOffset();
        deleteMastersStore();
        startMaster(10_000);
        AtomicReference<ChunkReply> answer = new AtomicReference<>();
        source.onPull(new Peer("10.0.0.9:1"), 1 << 20, 1024, 0, answer::set); // a peer that never pushes
        source.step();
        clock.advance(MasterRestore.STALL_MILLIS);
        source.step(); // the restore from it is abandoned: the master serves as it is

        for (int i = 0; i < 5; i++) {
            sink.step();
            clock.advance(1000);
        }

        assertEquals(slaveEnd, slave.commitLogMaxOffset(), "the slave keeps every byte the master lacks");
        assertEquals(0, master.commitLogMaxOffset());
        assertTrue(slaveFaults.count(ReplicationSink.MASTER_BEHIND) > 0, "and says so");
        assertEquals(0, slaveFaults.count(ReplicationSink.TRUNCATED));
        assertEquals(0, source.slavesHolding(1), "the slave is no replica of this master meanwhile");
    }

    @Test
    void withoutASlaveReportTheWaitEndsOnTheClockAndPutsAreTaken() throws IOException {
        deleteMastersStore();
        startMaster(10_000);
        assertFalse(put(master, "held").ok());

        clock.advance(10_000);
        source.step();

        assertEquals("OPEN", source.restoreState());
        assertTrue(put(master, "taken").ok());
    }

    @Test
    void aRestoreThatStallsIsAbandonedOnTheClockAndCounted() throws IOException {
        deleteMastersStore();
        startMaster(10_000);
        // a peer claims more than the master holds, then never pushes (a slave that died, or no slave at all)
        AtomicReference<ChunkReply> answer = new AtomicReference<>();
        source.onPull(new Peer("10.0.0.9:1"), 1 << 20, 1024, 0, answer::set);
        source.step();
        assertEquals(ReplicationProtocol.MASTER_BEHIND, answer.get().code());
        assertTrue(source.restoreState().startsWith("RESTORING"), source.restoreState());
        assertEquals(1, masterFaults.failingConditions().size());

        clock.advance(MasterRestore.STALL_MILLIS);
        source.step();

        assertEquals(1, masterFaults.count(MasterRestore.ABANDONED));
        assertTrue(masterFaults.failingConditions().isEmpty());
        assertTrue(put(master, "taken").ok(), "puts are taken again");
    }
}
