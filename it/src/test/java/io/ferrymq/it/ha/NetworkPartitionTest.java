package io.ferrymq.it.ha;

import io.ferrymq.it.TestCluster;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.ferrymq.it.ha.ProcessCluster.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network partition between a SYNC_MASTER and its only slave, made with a Linux network namespace and a veth
 * pair: the name server and the master run in the root namespace bound to / advertising {@code 10.231.x.1}, the
 * slave's JVM runs inside the namespace ({@code ip netns exec}) as {@code 10.231.x.2}; the producer (official
 * client) runs in the test JVM. Cutting the link (namespace side of the veth set down) must never produce a
 * false acknowledgement: every send to the master answers FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE, although the
 * master stores the message. Healing the link must let replication resume by itself: the slave's commit log
 * reaches the master's end, the same range is byte-identical on disk (CRC32), and sends are SEND_OK again.
 *
 * <p>Needs root and iproute2's {@code ip}; otherwise the class is skipped with the reason printed. Everything it
 * creates (child JVMs, veth pair, namespace, temp directory) is removed in {@link #cleanUp()}, which also runs
 * from a JVM shutdown hook.
 */
@Tag("ha")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkPartitionTest {
    private static final String TOPIC = "HaPartitionTopic";
    private static final String GROUP_NAME = "broker-p";
    private static final Set<SendStatus> NOT_REPLICATED =
            Set.of(SendStatus.FLUSH_SLAVE_TIMEOUT, SendStatus.SLAVE_NOT_AVAILABLE);
    private static final Duration PARTITION = Duration.ofSeconds(7);

    private static NetNs net;
    private static ProcessCluster cluster;
    private static ProcessCluster.BrokerNode master;
    private static ProcessCluster.BrokerNode slave;
    private static DefaultMQProducer producer;
    private static Thread shutdownHook;
    /** Why the test cannot run here (checked per test, so reports count it as skipped), or null. */
    private static String skipReason;

    @BeforeAll
    static void startCluster() throws Exception {
        skipReason = NetNs.unavailableReason();
        if (skipReason != null) {
            System.out.println("[ha-partition] SKIPPED: " + skipReason);
            return;
        }
        shutdownHook = new Thread(NetworkPartitionTest::cleanUp, "ha-partition-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            net = NetNs.create(ProcessHandle.current().pid());
        } catch (NetNs.Unavailable e) {
            skipReason = e.getMessage();
            System.out.println("[ha-partition] SKIPPED: " + skipReason);
            return;
        }
        System.out.printf("[ha-partition] namespace %s: %s (root, %s) <-> %s (namespace, %s)%n", net.name, net.rootIp,
                net.rootDev, net.nsIp, net.nsDev);
        cluster = ProcessCluster.start("partition", 1, net.rootIp);
        master = cluster.broker(GROUP_NAME, 0, "SYNC_MASTER", props("slaveAckTimeoutMillis", "1000"));
        slave = cluster.broker(GROUP_NAME, 1, "SLAVE", props("brokerIP1", net.nsIp), net.launcher());
        cluster.startAll(master, slave);
        cluster.createTopic(TOPIC, 2, master);
        TestCluster.awaitTrue("the slave (in the namespace) copied the topic", Duration.ofSeconds(20),
                () -> cluster.hasTopic(slave, TOPIC));
        producer = cluster.configure(new DefaultMQProducer("ha-partition-producer"));
        producer.setSendMsgTimeout(5000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
    }

    @BeforeEach
    void skipUnlessNamespacesWork() {
        Assumptions.assumeTrue(skipReason == null, () -> "skipped: " + skipReason);
    }

    @AfterAll
    static void stopCluster() {
        cleanUp();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway (cleanUp is idempotent)
            }
        }
    }

    /** Idempotent: producer, child JVMs (by pid), temp directory, veth pair and namespace. */
    private static synchronized void cleanUp() {
        if (producer != null) {
            producer.shutdown();
            producer = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (net != null) {
            net.close();
            net = null;
        }
    }

    @Test
    void partitionedSyncMasterNeverAcknowledgesAndReplicationResumesAfterHealing() throws Exception {
        MessageQueue q = new MessageQueue(TOPIC, GROUP_NAME, 0);
        try {
            // connected: acknowledged, replicated
            TestCluster.awaitTrue("the master sees its slave", Duration.ofSeconds(20),
                    () -> "1".equals(cluster.runtimeInfo(master).get("haSlaveCount")));
            TestCluster.awaitTrue("first SEND_OK", Duration.ofSeconds(20),
                    () -> status(send(q, "warm-up")) == SendStatus.SEND_OK);
            for (int i = 0; i < 100; i++) {
                assertEquals(SendStatus.SEND_OK, status(send(q, "before-" + i)), "send before the partition");
            }
            cluster.awaitCaughtUp(master, slave, Duration.ofSeconds(10));
            long before = cluster.commitLogMaxOffset(master);

            // partitioned: no send may be acknowledged, although the master stores each one
            net.partition();
            long cutAt = System.nanoTime();
            Map<String, Integer> during = new TreeMap<>();
            int sends = 0;
            while (sends < 50 && (sends < 5 || System.nanoTime() - cutAt < PARTITION.toNanos())) {
                long t0 = System.nanoTime();
                Object r = send(q, "during-" + sends++);
                String outcome = r instanceof SendResult sr ? sr.getSendStatus().name() : "exception " + r;
                during.merge(outcome, 1, Integer::sum);
                System.out.printf("[ha-partition] t=+%.1f s send during the partition: %s (%d ms)%n",
                        (t0 - cutAt) / 1e9, outcome, (System.nanoTime() - t0) / 1_000_000);
            }
            long storedDuring = cluster.commitLogMaxOffset(master);
            Map<String, String> info = cluster.runtimeInfo(master);
            System.out.printf("[ha-partition] %d sends during %.1f s of partition: %s; master stored %d more bytes; "
                            + "master sees haSlaveCount=%s haSlaveLagBytes=%s%n", sends,
                    (System.nanoTime() - cutAt) / 1e9, during, storedDuring - before, info.get("haSlaveCount"),
                    info.get("haSlaveLagBytes"));
            assertFalse(during.containsKey(SendStatus.SEND_OK.name()), "no false acknowledgement: " + during);
            for (String outcome : during.keySet()) {
                assertTrue(NOT_REPLICATED.stream().anyMatch(s -> s.name().equals(outcome)),
                        "every send answers FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE: " + during);
            }
            assertTrue(storedDuring > before, "the master stored the unacknowledged sends");

            // healed: replication resumes by itself, sends are acknowledged again
            net.heal();
            long healedAt = System.nanoTime();
            cluster.awaitCaughtUp(master, slave, Duration.ofSeconds(30));
            double caughtUp = (System.nanoTime() - healedAt) / 1e9;
            TestCluster.awaitTrue("sends acknowledged again", Duration.ofSeconds(30),
                    () -> status(send(q, "after-heal")) == SendStatus.SEND_OK);
            double ackedAgain = (System.nanoTime() - healedAt) / 1e9;
            for (int i = 0; i < 100; i++) {
                assertEquals(SendStatus.SEND_OK, status(send(q, "after-" + i)), "send after healing");
            }
            cluster.awaitCaughtUp(master, slave, Duration.ofSeconds(10));
            long end = cluster.commitLogMaxOffset(master);
            assertTrue(end > storedDuring);
            long crcMaster = ProcessCluster.commitLogCrc32(master, end);
            long crcSlave = ProcessCluster.commitLogCrc32(slave, end);
            System.out.printf("[ha-partition] healed: slave caught up %.1f s after, first SEND_OK %.1f s after; "
                            + "CRC32 of [0, %d) master %08x slave %08x%n", caughtUp, ackedAgain, end, crcMaster,
                    crcSlave);
            assertEquals(crcMaster, crcSlave, "commit logs byte-identical after healing");
            TestCluster.awaitTrue("the slave is registered again", Duration.ofSeconds(10),
                    () -> cluster.brokerListed(slave.address()));
        } catch (Throwable e) {
            if (cluster != null) {
                System.out.println(cluster.logTails(40));
            }
            throw e;
        }
    }

    /** A send to the queue: the SendResult, or the exception's class name. */
    private static Object send(MessageQueue q, String body) {
        try {
            return producer.send(new Message(TOPIC, "TagA", body.getBytes(StandardCharsets.UTF_8)), q);
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static SendStatus status(Object sendOutcome) {
        return sendOutcome instanceof SendResult r ? r.getSendStatus() : null;
    }
}
