package io.ferrymq.store.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.DiskUsage;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication source, stepped with a manual clock and no network: a slave's pull offset is its ack; waiters
 * are released by acks or by their deadline; a caught-up pull is held until bytes arrive or the hold ends.
 */
class ReplicationSourceStepTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private FileMessageStore store;
    private ReplicationSource source;

    /** A slave connection that stays open until told otherwise. */
    private static final class Link implements SlaveLink {
        private final String address;
        boolean active = true;

        Link(String address) {
            this.address = address;
        }

        @Override
        public String remoteAddress() {
            return address;
        }

        @Override
        public boolean isActive() {
            return active;
        }
    }

    /** A connection whose thread runs only when the test says so (its I/O thread, queued tasks). */
    private static final class QueuedLink implements SlaveLink {
        final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();

        @Override
        public String remoteAddress() {
            return "10.0.0.3:50000";
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runTasks() {
            while (!tasks.isEmpty()) {
                tasks.remove().run();
            }
        }
    }

    /** Collects the answers the source sends down a link. */
    private static final class Replies implements Consumer<ChunkReply> {
        final List<ChunkReply> got = new ArrayList<>();

        @Override
        public void accept(ChunkReply r) {
            got.add(r);
        }
    }

    /** The transport is never started: the test hands the source its requests itself. */
    private static final class UnusedTransport implements SourceTransport {
        @Override
        public void start(Handler handler) {
            throw new AssertionError("the step test does not start the source");
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void open() throws Exception {
        MessageStoreConfig cfg = MessageStoreConfig.builder().storePathRootDir(dir).mappedFileSizeCommitLog(64 * 1024)
                .mappedFileSizeConsumeQueue(20 * 1024).maxMessageSize(8 * 1024).cleanResourceInterval(3_600_000)
                .build();
        store = new FileMessageStore(cfg, clock, DiskUsage.FILE_SYSTEM, ZoneOffset.UTC);
        store.start();
        source = new ReplicationSource(store, new ReplicationConfig(), new UnusedTransport(), clock, faults);
    }

    @AfterEach
    void close() {
        source.close();
        store.shutdown();
    }

    private void put(int n) {
        for (int i = 0; i < n; i++) {
            byte[] body = ("message-" + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(store.put(MessageToStore.of("TopicA", 0, body, MessageProperties.encode(Map.of()), 1234L,
                    HOST, HOST)).join().ok());
        }
    }

    @Test
    void aPullIsAnsweredWithTheCommitLogBytesFromItsOffset() {
        put(3);
        Replies replies = new Replies();
        source.onPull(new Link("10.0.0.2:50000"), 0, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, replies);
        source.step();

        assertEquals(1, replies.got.size());
        ChunkReply r = replies.got.get(0);
        assertTrue(r.isSuccess());
        assertEquals(0, r.offset());
        assertEquals(store.commitLogMaxOffset(), r.masterMaxOffset());
        assertEquals(store.commitLogMaxOffset(), r.bytes().remaining(), "everything from 0 on, in one chunk");
    }

    @Test
    void aSlavesOffsetReportReleasesTheWaitersItCovers() {
        put(3);
        long end = store.commitLogMaxOffset();
        Link slave = new Link("10.0.0.2:50000");
        source.onPull(slave, 0, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        source.step();
        assertEquals(0, source.slavesHolding(end), "connected, but holding nothing yet");

        CompletableFuture<ReplicaAck> ack = source.awaitReplicated(end, 1, 5000);
        source.step();
        assertFalse(ack.isDone(), "the slave has not reported the bytes yet");

        // The slave's next pull starts at the end: that is its acknowledgement of everything below.
        source.onPull(slave, end, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, new Replies());
        source.step();

        assertEquals(ReplicaAck.OK, ack.join());
        assertEquals(1, source.slavesHolding(end));
        assertEquals(0, source.slaves().get(0).lagBytes());
    }

    @Test
    void withTwoReplicasRequiredTheSecondSlavesReportReleasesTheWaiter() {
        put(2);
        long mid = store.commitLogMaxOffset();
        put(2);
        long end = store.commitLogMaxOffset();
        Link first = new Link("10.0.0.2:50000");
        Link second = new Link("10.0.0.3:50000");
        Link third = new Link("10.0.0.4:50000");
        for (Link l : List.of(first, second, third)) {
            source.onPull(l, 0, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        }
        source.step();
        CompletableFuture<ReplicaAck> upToMid = source.awaitReplicated(mid, 2, 5000);
        CompletableFuture<ReplicaAck> upToEnd = source.awaitReplicated(end, 2, 5000);
        CompletableFuture<ReplicaAck> oneCopy = source.awaitReplicated(end, 1, 5000);

        source.onPull(first, end, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, new Replies());
        source.step();
        assertEquals(ReplicaAck.OK, oneCopy.join(), "one slave holds everything");
        assertFalse(upToMid.isDone(), "only one of the two required copies exists");

        source.onPull(second, mid, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, new Replies());
        source.step();
        assertEquals(ReplicaAck.OK, upToMid.join(), "two slaves hold the bytes below mid");
        assertFalse(upToEnd.isDone(), "the second slave has not reported the end yet");

        source.onPull(third, end, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, new Replies());
        source.step();
        assertEquals(ReplicaAck.OK, upToEnd.join(), "the first and third slaves hold everything");
    }

    @Test
    void aWaiterNotAcknowledgedInTimeIsAnsweredTimeoutOnTheClock() {
        put(1);
        long end = store.commitLogMaxOffset();
        source.onPull(new Link("10.0.0.2:50000"), 0, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        source.step();
        CompletableFuture<ReplicaAck> ack = source.awaitReplicated(end, 1, 300);
        source.step();

        clock.advance(299);
        source.step();
        assertFalse(ack.isDone(), "not before its deadline");

        // Deadlines are checked every EXPIRY_MILLIS of the clock.
        clock.advance(ReplicationSource.EXPIRY_MILLIS);
        source.step();
        assertEquals(ReplicaAck.TIMEOUT, ack.join());
    }

    @Test
    void withTooFewSlavesAWaiterIsAnsweredNoSlaveAtOnce() {
        put(1);
        assertEquals(ReplicaAck.NO_SLAVE, source.awaitReplicated(store.commitLogMaxOffset(), 1, 5000).join());

        Link slave = new Link("10.0.0.2:50000");
        source.onPull(slave, 0, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        source.step();
        assertEquals(ReplicaAck.NO_SLAVE, source.awaitReplicated(store.commitLogMaxOffset(), 2, 5000).join(),
                "two replicas required, one connected");

        source.onDisconnected(slave);
        assertTrue(source.slaves().isEmpty());
        assertEquals(ReplicaAck.NO_SLAVE, source.awaitReplicated(store.commitLogMaxOffset(), 1, 5000).join());
    }

    /** The restore window of a started master, closed by a first pull within its log: from then on it serves. */
    private Link servingSlave() {
        source.openRestoreWindow();
        Link slave = new Link("10.0.0.2:50000");
        source.onPull(slave, 0, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        source.step();
        assertEquals("SERVING", source.restoreState());
        return slave;
    }

    @Test
    void onceServingAPullIsAnsweredAndAcknowledgedOnTheThreadThatDeliveredIt() {
        put(3);
        Link slave = servingSlave();
        long end = store.commitLogMaxOffset();
        CompletableFuture<ReplicaAck> ack = source.awaitReplicated(end, 1, 5000);
        put(2);
        Replies replies = new Replies();

        source.onPull(slave, end, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, replies);

        assertEquals(ReplicaAck.OK, ack.getNow(null), "the pull's offset released the waiter, no worker round");
        assertEquals(1, replies.got.size(), "answered at once with the new bytes");
        assertEquals(store.commitLogMaxOffset() - end, replies.got.get(0).bytes().remaining());
    }

    @Test
    void aHeldPullIsAnsweredOnItsConnectionsThreadWhenBytesAreAppended() {
        put(1);
        servingSlave();
        long end = store.commitLogMaxOffset();
        QueuedLink link = new QueuedLink();
        Replies replies = new Replies();
        source.onPull(link, end, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, replies);
        assertTrue(replies.got.isEmpty(), "caught up: held");

        put(1);
        source.onAppended();
        source.onAppended();
        assertEquals(1, link.tasks.size(), "one wake-up for a burst of appends, handed to the connection's thread");
        assertTrue(replies.got.isEmpty(), "not answered by the appending thread");

        link.runTasks();
        assertEquals(1, replies.got.size());
        assertEquals(end, replies.got.get(0).offset());
        assertEquals(store.commitLogMaxOffset() - end, replies.got.get(0).bytes().remaining());

        put(1);
        source.onAppended();
        assertTrue(link.tasks.isEmpty(), "nothing held, nothing to wake");
    }

    @Test
    void aCaughtUpPullIsHeldUntilNewBytesAreAppended() {
        put(1);
        long end = store.commitLogMaxOffset();
        Replies replies = new Replies();
        source.onPull(new Link("10.0.0.2:50000"), end, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, replies);
        source.step();
        assertTrue(replies.got.isEmpty(), "nothing to send: the pull is held");

        put(1);
        source.onAppended();
        source.step();

        assertEquals(1, replies.got.size());
        assertEquals(end, replies.got.get(0).offset());
        assertEquals(store.commitLogMaxOffset() - end, replies.got.get(0).bytes().remaining());
    }

    @Test
    void aHeldPullIsAnsweredEmptyOnceItsHoldHasEnded() {
        put(1);
        Replies replies = new Replies();
        source.onPull(new Link("10.0.0.2:50000"), store.commitLogMaxOffset(), SourceTransport.MAX_BYTES_NOT_GIVEN,
                500, replies);
        source.step();
        clock.advance(499);
        source.step();
        assertTrue(replies.got.isEmpty());

        clock.advance(ReplicationSource.EXPIRY_MILLIS); // holds are checked every EXPIRY_MILLIS of the clock
        source.step();
        assertEquals(1, replies.got.size());
        assertTrue(replies.got.get(0).isSuccess());
        assertFalse(replies.got.get(0).bytes().hasRemaining());
    }

    @Test
    void aPullPastTheMastersEndIsAnsweredOffsetOutOfRange() {
        put(1);
        Replies replies = new Replies();
        source.onPull(new Link("10.0.0.2:50000"), store.commitLogMaxOffset() + 100,
                SourceTransport.MAX_BYTES_NOT_GIVEN, 0, replies);
        source.step();
        assertEquals(ReplicationProtocol.OFFSET_OUT_OF_RANGE, replies.got.get(0).code());
        assertEquals(store.commitLogMaxOffset(), replies.got.get(0).masterMaxOffset());
    }

    /**
     * Issue 15 fault 13: a peer on the replication port claiming an offset beyond the master's end (a rogue client,
     * or a slave ahead of a master restarted behind it) holds none of the master's recent bytes; counting it as a
     * replica would turn a send no slave holds into a false SEND_OK.
     */
    @Test
    void aPeerClaimingAnOffsetBeyondTheMastersEndIsNeverCountedAsHoldingTheBytes() {
        put(3);
        long end = store.commitLogMaxOffset();
        Link rogue = new Link("10.0.0.66:50000");
        Replies replies = new Replies();
        source.onPull(rogue, end + 1_000_000, SourceTransport.MAX_BYTES_NOT_GIVEN, 1000, replies);
        source.step();

        assertEquals(ReplicationProtocol.OFFSET_OUT_OF_RANGE, replies.got.get(0).code());
        assertEquals(0, source.slavesHolding(end), "a claim past the end acknowledges nothing");
        assertTrue(source.slaves().isEmpty(), "not listed as a connected (in-sync) slave");
        assertEquals(ReplicaAck.NO_SLAVE, source.awaitReplicated(end, 1, 5000).join());
    }

    /** A slave already counted that then claims more than the master has is dropped, not advanced. */
    @Test
    void aSlaveThatLaterClaimsMoreThanTheMasterHasStopsCounting() {
        put(1);
        Link slave = new Link("10.0.0.2:50000");
        source.onPull(slave, store.commitLogMaxOffset(), SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        source.step();
        assertEquals(1, source.slaves().size());

        put(1);
        long end = store.commitLogMaxOffset();
        CompletableFuture<ReplicaAck> ack = source.awaitReplicated(end, 1, 300);
        source.step();
        source.onPull(slave, end + 4096, SourceTransport.MAX_BYTES_NOT_GIVEN, 0, new Replies());
        source.step();

        assertFalse(ack.isDone() && ack.join() == ReplicaAck.OK, "no false acknowledgement");
        assertEquals(0, source.slavesHolding(end));
        clock.advance(300 + ReplicationSource.EXPIRY_MILLIS);
        source.step();
        assertEquals(ReplicaAck.NO_SLAVE, ack.join(), "the only slave was dropped: not available");
    }
}
