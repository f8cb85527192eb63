package io.ferrymq.broker.ha.transport;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.ha.ReplicaAck;
import io.ferrymq.store.ha.ReplicationConfig;
import io.ferrymq.store.ha.ReplicationProtocol;
import io.ferrymq.store.ha.ReplicationSink;
import io.ferrymq.store.ha.ReplicationSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Master and slave stores replicating over the remoting transports on loopback: byte-identical catch-up, restart,
 * divergence, and sync acks.
 */
class RemotingReplicationTest {
    private static final int SEGMENT = 64 * 1024;
    private static final InetSocketAddress BORN = new InetSocketAddress("10.0.0.5", 40001);
    private static final InetSocketAddress MASTER_HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final InetSocketAddress OTHER_HOST = new InetSocketAddress("127.0.0.1", 10921);

    private static final ReplicaIdentity MASTER = new ReplicaIdentity("HaCluster", "broker-a", 0);
    private static final ReplicaIdentity SLAVE = new ReplicaIdentity("HaCluster", "broker-a", 1);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);
    /** The master's ACL gate; null: ACL off. */
    private AccessGate gate;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MessageStore store(String name) throws Exception {
        MessageStoreConfig cfg = MessageStoreConfig.builder().storePathRootDir(dir.resolve(name))
                .mappedFileSizeCommitLog(SEGMENT).maxMessageSize(8 * 1024).mappedFileSizeConsumeQueue(20 * 1024).flushIntervalCommitLog(10)
                .cleanResourceInterval(3_600_000).build();
        FileMessageStore s = new FileMessageStore(cfg);
        s.start();
        open.add(s);
        return s;
    }

    private ReplicationSource source(MessageStore master) {
        return source(master, 0);
    }

    private ReplicationSource source(MessageStore master, long restoreWaitMillis) {
        ReplicationConfig rc = new ReplicationConfig().bindAddress("127.0.0.1").haListenPort(0).holdMillis(500)
                .restoreWaitMillis(restoreWaitMillis);
        ReplicationSource src = new ReplicationSource(master, rc, new RemotingSourceTransport(rc, null,
                new ReplicaAdmission(MASTER, gate, faults)));
        src.start();
        master.addDispatchListener((t, q, o, tag, ts) -> src.onAppended());
        open.add(src);
        return src;
    }

    private ReplicationSink sink(MessageStore slave, ReplicationSource src) {
        return sink(slave, src, SLAVE, null);
    }

    private ReplicationSink sink(MessageStore slave, ReplicationSource src, ReplicaIdentity self,
                                 Credentials credentials) {
        ReplicationSink sink = new ReplicationSink(slave, SEGMENT, new ReplicationConfig()
                .haMasterAddress("127.0.0.1:" + src.port()).holdMillis(500).retryBackoffMillis(50),
                new RemotingSinkTransport(self, null, credentials));
        sink.start();
        open.add(sink);
        return sink;
    }

    private static void putMessages(MessageStore s, String prefix, int n, InetSocketAddress storeHost) {
        for (int i = 0; i < n; i++) {
            String props = MessageProperties.encode(Map.of(MessageConst.PROPERTY_KEYS, prefix + i,
                    MessageConst.PROPERTY_TAGS, "TagA"));
            byte[] body = (prefix + "-body-" + i + "-" + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8);
            MessageToStore m = MessageToStore.of("TopicA", i % 4, body, props, 1234L, BORN, storeHost);
            assertTrue(s.put(m).join().ok());
        }
    }

    private static long crcOfRange(MessageStore s, long from, long to) {
        CRC32 crc = new CRC32();
        long pos = from;
        while (pos < to) {
            ByteBuffer b = s.readCommitLog(pos, (int) Math.min(1 << 20, to - pos));
            assertNotNull(b, "bytes at " + pos);
            if (!b.hasRemaining()) {
                break;
            }
            int n = (int) Math.min(b.remaining(), to - pos);
            crc.update(b.slice(b.position(), n));
            pos += n;
        }
        assertEquals(to, pos, "read the whole range");
        return crc.getValue();
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void emptySlaveCatchesUpByteForByteAcrossSegmentsAndServesReads() throws Exception {
        MessageStore master = store("master");
        putMessages(master, "m", 1200, MASTER_HOST);
        assertTrue(master.commitLogMaxOffset() > 3L * SEGMENT, "the log spans several segments");
        ReplicationSource src = source(master);
        MessageStore slave = store("slave");
        sink(slave, src);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "slave to catch up");
        assertEquals(crcOfRange(master, 0, master.commitLogMaxOffset()),
                crcOfRange(slave, 0, slave.commitLogMaxOffset()));

        putMessages(master, "live", 50, MASTER_HOST);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "live bytes to replicate");
        await(() -> slave.maxOffset("TopicA", 0) == master.maxOffset("TopicA", 0), "slave dispatch");
        GetResult r = slave.get("TopicA", 1, 0, 8, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.FOUND, r.status());
        await(() -> slave.query("TopicA", "m1", 10, 0, Long.MAX_VALUE).messages().size() == 1,
                "the slave to index replicated messages by key");
        // The master learns the slave's position from the slave's next pull, a moment after the bytes arrived.
        await(() -> src.slaves().get(0).lagBytes() == 0, "the master to see the slave caught up");
    }

    @Test
    void restartedSlaveResumesWhereItStopped() throws Exception {
        MessageStore master = store("master");
        ReplicationSource src = source(master);
        MessageStore slave = store("slave");
        ReplicationSink first = sink(slave, src);
        putMessages(master, "a", 100, MASTER_HOST);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "first catch-up");
        first.close();
        open.remove(first);
        putMessages(master, "b", 300, MASTER_HOST);
        long before = slave.commitLogMaxOffset();
        assertTrue(before < master.commitLogMaxOffset());
        sink(slave, src);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "catch-up after restart");
        assertEquals(crcOfRange(master, 0, master.commitLogMaxOffset()),
                crcOfRange(slave, 0, slave.commitLogMaxOffset()));
    }

    /** Fault 3 over the wire: the slave sends a master started with an empty store (a new one) its whole log back. */
    @Test
    void masterStartedEmptyRestoresItsLogFromItsSlaveAcrossSegments() throws Exception {
        MessageStore lost = store("lost-master");
        ReplicationSource first = source(lost);
        MessageStore slave = store("slave");
        ReplicationSink firstSink = sink(slave, first);
        putMessages(lost, "acked", 1200, MASTER_HOST);
        assertTrue(lost.commitLogMaxOffset() > 3L * SEGMENT, "the log spans several segments");
        await(() -> slave.commitLogMaxOffset() == lost.commitLogMaxOffset(), "slave to hold everything");
        firstSink.close();
        first.close();
        long slaveCrc = crcOfRange(slave, 0, slave.commitLogMaxOffset());

        MessageStore master = store("empty-master");
        ReplicationSource src = source(master, 10_000);
        assertFalse(master.put(MessageToStore.of("TopicA", 0, new byte[] {1}, "", 1234L, BORN, MASTER_HOST)).join()
                .ok(), "puts held until the slave has reported");
        sink(slave, src);
        await(() -> master.commitLogMaxOffset() == slave.commitLogMaxOffset(), "the master to restore");
        assertEquals(slaveCrc, crcOfRange(master, 0, master.commitLogMaxOffset()), "byte for byte");
        await(() -> "SERVING".equals(src.restoreState()), "the restore to end at the slave's next pull");
        await(() -> master.maxOffset("TopicA", 1) == slave.maxOffset("TopicA", 1), "the master to dispatch");

        putMessages(master, "after", 10, MASTER_HOST);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "replication to go on");
    }

    @Test
    void divergedSlaveTruncatesToTheCommonPointAndReplays() throws Exception {
        MessageStore master = store("master");
        MessageStore slave = store("slave");
        ReplicationSource src = source(master);
        ReplicationSink sink = sink(slave, src);
        putMessages(master, "common", 200, MASTER_HOST);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "common prefix");
        sink.close();
        open.remove(sink);
        long common = master.commitLogMaxOffset();
        // The slave grows its own tail (as an old master restarted as slave would have), and so does the master.
        putMessages(slave, "stale", 150, OTHER_HOST);
        putMessages(master, "new", 40, MASTER_HOST);
        assertTrue(slave.commitLogMaxOffset() > master.commitLogMaxOffset(), "slave ahead in length");
        sink(slave, src);
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset()
                && crcOfRange(slave, common, slave.commitLogMaxOffset())
                == crcOfRange(master, common, master.commitLogMaxOffset()), "slave to realign");
        assertEquals(crcOfRange(master, 0, master.commitLogMaxOffset()),
                crcOfRange(slave, 0, slave.commitLogMaxOffset()));
        assertTrue(slave.query("TopicA", "stale3", 10, 0, Long.MAX_VALUE).messages().isEmpty(),
                "the stale tail is gone from the slave's index");
        await(() -> slave.query("TopicA", "new3", 10, 0, Long.MAX_VALUE).messages().size() == 1,
                "the replayed messages to be indexed on the slave");
    }

    @Test
    void syncAcknowledgementWaitsForTheSlave() throws Exception {
        MessageStore master = store("master");
        ReplicationSource src = source(master);
        putMessages(master, "x", 1, MASTER_HOST);
        assertEquals(ReplicaAck.NO_SLAVE, src.awaitReplicated(master.commitLogMaxOffset(), 1, 1000).join(),
                "no slave connected");

        MessageStore slave = store("slave");
        sink(slave, src);
        await(() -> !src.slaves().isEmpty(), "slave to connect");
        putMessages(master, "y", 5, MASTER_HOST);
        assertEquals(ReplicaAck.OK, src.awaitReplicated(master.commitLogMaxOffset(), 1, 5000).join());
        assertTrue(slave.commitLogMaxOffset() >= master.commitLogMaxOffset());
        assertEquals(ReplicaAck.NO_SLAVE, src.awaitReplicated(master.commitLogMaxOffset(), 2, 1000).join(),
                "two replicas required, one connected");
    }

    @Test
    void aStalledSlaveMakesSyncWaitsTimeOut() throws Exception {
        MessageStore master = store("master");
        ReplicationSource src = source(master);
        // A "slave" that pulls once at offset 0 and then never again: connected, but never acknowledges more.
        RemotingClient stalled = new RemotingClient(new RemotingClientConfig().name("stalled"));
        open.add(stalled::shutdown);
        assertEquals(ReplicationProtocol.SUCCESS, stalled.invokeSync("127.0.0.1:" + src.port(), handshake(SLAVE),
                3000).code());
        stalled.invokeSync("127.0.0.1:" + src.port(), RemotingCommand.request(ReplicationProtocol.HA_PULL)
                .putExt(ReplicationProtocol.OFFSET, "0"), 3000);
        putMessages(master, "z", 3, MASTER_HOST);
        long start = System.nanoTime();
        assertEquals(ReplicaAck.TIMEOUT, src.awaitReplicated(master.commitLogMaxOffset(), 1, 300).join());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 300 && ms < 3000, "timed out after " + ms + " ms");
    }

    /** The message at queue offset {@code q} of TopicA queue 1 as served, or null when it is not served. */
    private static io.ferrymq.common.message.DecodedMessage served(MessageStore s, long q) {
        GetResult g = s.get("TopicA", 1, q, 1, 1 << 20, MessageFilter.ALL);
        try {
            if (g.status() != GetStatus.FOUND || g.messageQueueOffsets().get(0) != q) {
                return null;
            }
            return io.ferrymq.common.message.MessageDecoder.decode(g.messages().get(0).duplicate());
        } finally {
            g.release();
        }
    }

    @Test
    void aMessageCorruptedOnTheSlaveIsNeverServedAndIsRefetchedFromTheMaster() throws Exception {
        MessageStore master = store("master");
        ReplicationSource src = source(master);
        MessageStore slave = store("slave");
        sink(slave, src);
        putMessages(master, "c", 40, MASTER_HOST);
        await(() -> slave.maxOffset("TopicA", 1) == 10, "slave dispatch"); // messages 1, 5, ..., 37
        io.ferrymq.common.message.DecodedMessage victim = served(slave, 3);
        assertNotNull(victim);
        // flip a bit of the victim's body in the slave's commit-log file (the mapping shares the page)
        java.nio.file.Path seg = dir.resolve("slave").resolve("commitlog").resolve(String.format("%020d",
                victim.commitLogOffset() - victim.commitLogOffset() % SEGMENT));
        byte[] body = victim.body();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(seg,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer entry = ByteBuffer.allocate(victim.storeSize());
            ch.read(entry, victim.commitLogOffset() % SEGMENT);
            int at = -1;
            for (int i = 0; i + body.length <= entry.capacity() && at < 0; i++) {
                if (entry.slice(i, body.length).equals(ByteBuffer.wrap(body))) {
                    at = i;
                }
            }
            assertTrue(at > 0, "the body is inside the entry");
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (body[0] ^ 0x01)}), victim.commitLogOffset() % SEGMENT + at);
        }
        assertEquals(null, served(slave, 3), "a corrupt message is never served");
        await(() -> served(slave, 3) != null, "the slave to re-fetch the message from its master");
        assertEquals(new String(body, StandardCharsets.UTF_8),
                new String(served(slave, 3).body(), StandardCharsets.UTF_8));
        assertEquals(crcOfRange(master, 0, master.commitLogMaxOffset()),
                crcOfRange(slave, 0, slave.commitLogMaxOffset()), "byte-identical again");
    }

    private static RemotingCommand handshake(ReplicaIdentity who) {
        return RemotingCommand.request(ReplicationProtocol.HA_HANDSHAKE)
                .putExt(ReplicationProtocol.CLUSTER, who.cluster())
                .putExt(ReplicationProtocol.BROKER_NAME, who.brokerName())
                .putExt(ReplicationProtocol.BROKER_ID, Long.toString(who.brokerId()));
    }

    @Test
    void aStrangerOnTheReplicationPortGetsNoBytesAndIsCounted() throws Exception {
        MessageStore master = store("master");
        putMessages(master, "secret", 20, MASTER_HOST);
        ReplicationSource src = source(master);
        String addr = "127.0.0.1:" + src.port();
        RemotingClient stranger = new RemotingClient(new RemotingClientConfig().name("stranger"));
        open.add(stranger::shutdown);

        RemotingCommand pull = stranger.invokeSync(addr, RemotingCommand.request(ReplicationProtocol.HA_PULL)
                .putExt(ReplicationProtocol.OFFSET, "0"), 3000);
        assertEquals(ResponseCode.NO_PERMISSION, pull.code());
        assertNull(pull.body(), "no commit-log bytes");
        assertTrue(pull.remark().contains("HA_HANDSHAKE"), pull.remark());
        RemotingCommand read = stranger.invokeSync(addr, RemotingCommand.request(ReplicationProtocol.HA_READ)
                .putExt(ReplicationProtocol.OFFSET, "0"), 3000);
        assertEquals(ResponseCode.NO_PERMISSION, read.code());
        assertNull(read.body());

        // naming another group, or the master's id, does not open the door either
        RemotingCommand wrongGroup = stranger.invokeSync(addr,
                handshake(new ReplicaIdentity("HaCluster", "broker-b", 1)), 3000);
        assertEquals(ResponseCode.NO_PERMISSION, wrongGroup.code());
        assertTrue(wrongGroup.remark().contains("HaCluster/broker-a"), wrongGroup.remark());
        assertEquals(ResponseCode.NO_PERMISSION, stranger.invokeSync(addr,
                handshake(new ReplicaIdentity("OtherCluster", "broker-a", 1)), 3000).code());
        assertEquals(ResponseCode.NO_PERMISSION, stranger.invokeSync(addr, handshake(MASTER), 3000).code());
        RemotingCommand still = stranger.invokeSync(addr, RemotingCommand.request(ReplicationProtocol.HA_PULL)
                .putExt(ReplicationProtocol.OFFSET, "0"), 3000);
        assertEquals(ResponseCode.NO_PERMISSION, still.code());
        assertNull(still.body());

        assertEquals(6, faults.count(ReplicaAdmission.FAULT_STRANGER));
        assertTrue(src.slaves().isEmpty(), "a stranger is not listed as a slave");
    }

    @Test
    void aSlaveOfAnotherGroupReplicatesNothing() throws Exception {
        MessageStore master = store("master");
        putMessages(master, "m", 20, MASTER_HOST);
        ReplicationSource src = source(master);
        MessageStore slave = store("slave");
        sink(slave, src, new ReplicaIdentity("HaCluster", "broker-b", 1), null);
        await(() -> faults.count(ReplicaAdmission.FAULT_STRANGER) >= 2, "the master to refuse it twice");
        assertEquals(0, slave.commitLogMaxOffset());
    }

    @Test
    void withAclOnTheHandshakeMustBeSignedByAnAdminAccount() throws Exception {
        gate = new AccessGate("master", () -> AclRules.parse("""
                accounts:
                  - accessKey: ferry-broker
                    secretKey: inner-secret-123
                    admin: true
                  - accessKey: orders-app
                    secretKey: orders-secret-123
                """));
        MessageStore master = store("master");
        putMessages(master, "m", 30, MASTER_HOST);
        ReplicationSource src = source(master);

        MessageStore unsigned = store("unsigned-slave");
        sink(unsigned, src, SLAVE, null);
        MessageStore notAdmin = store("non-admin-slave");
        sink(notAdmin, src, SLAVE, new Credentials("orders-app", "orders-secret-123"));
        MessageStore wrongSecret = store("wrong-secret-slave");
        sink(wrongSecret, src, SLAVE, new Credentials("ferry-broker", "not-the-secret"));
        await(() -> faults.count(ReplicaAdmission.FAULT_STRANGER) >= 6, "the master to refuse all three twice");

        MessageStore slave = store("slave");
        sink(slave, src, SLAVE, new Credentials("ferry-broker", "inner-secret-123"));
        await(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset(), "the signed slave to catch up");
        assertEquals(crcOfRange(master, 0, master.commitLogMaxOffset()),
                crcOfRange(slave, 0, slave.commitLogMaxOffset()));
        assertEquals(0, unsigned.commitLogMaxOffset());
        assertEquals(0, notAdmin.commitLogMaxOffset());
        assertEquals(0, wrongSecret.commitLogMaxOffset());
    }
}
