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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * A network namespace {@code fmq-<pid>-s} joined to the root namespace by a veth pair: root side
     * {@code 10.231.x.1/30}, namespace side {@code 10.231.x.2/30} (x derived from the pid, skipping subnets in use).
     * Every {@code ip} command runs with a bounded wait.
     */
    static final class NetNs implements AutoCloseable {
        /** Namespaces cannot be made here (not a failure of the code under test). */
        static final class Unavailable extends Exception {
            Unavailable(String message) {
                super(message);
            }
        }

        final String name;
        final String rootDev;
        final String nsDev;
        final String rootIp;
        final String nsIp;
        private boolean closed;

        private NetNs(long pid, int x) {
            this.name = "fmq-" + pid + "-s";
            this.rootDev = "fmq" + pid + "r";
            this.nsDev = "fmq" + pid + "n";
            this.rootIp = "10.231." + x + ".1";
            this.nsIp = "10.231." + x + ".2";
        }

        /** Why namespaces cannot be used (not Linux, not root, no {@code ip}), or null. */
        static String unavailableReason() {
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return "network namespaces need Linux (os.name=" + System.getProperty("os.name") + ")";
            }
            try {
                String uid = null;
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        uid = line.split("\\s+")[2]; // effective uid
                    }
                }
                if (!"0".equals(uid)) {
                    return "network namespaces need root (effective uid " + uid + ")";
                }
            } catch (IOException | RuntimeException e) {
                return "cannot tell the effective uid: " + e;
            }
            Result v = run(List.of("ip", "-V"));
            if (v.exit != 0) {
                return "iproute2's ip is not usable: " + v.output;
            }
            return null;
        }

        static NetNs create(long pid) throws Unavailable {
            String inUse = run(List.of("ip", "-o", "-4", "addr", "show")).output;
            int first = (int) (pid % 254);
            int x = -1;
            for (int i = 0; i < 254 && x < 0; i++) {
                int candidate = (first + i) % 254 + 1;
                if (!inUse.contains(" 10.231." + candidate + ".")) {
                    x = candidate;
                }
            }
            if (x < 0) {
                throw new Unavailable("every 10.231.x.0/30 subnet is in use");
            }
            NetNs n = new NetNs(pid, x);
            // leftovers with our own pid can only come from a dead process that had the same pid
            run(List.of("ip", "link", "del", n.rootDev));
            run(List.of("ip", "netns", "del", n.name));
            Result add = run(List.of("ip", "netns", "add", n.name));
            if (add.exit != 0) {
                throw new Unavailable("cannot create a network namespace: " + add.output.strip());
            }
            try {
                n.must("ip", "link", "add", n.rootDev, "type", "veth", "peer", "name", n.nsDev, "netns", n.name);
                n.must("ip", "addr", "add", n.rootIp + "/30", "dev", n.rootDev);
                n.must("ip", "link", "set", n.rootDev, "up");
                n.inNs("ip", "addr", "add", n.nsIp + "/30", "dev", n.nsDev);
                n.inNs("ip", "link", "set", n.nsDev, "up");
                n.inNs("ip", "link", "set", "lo", "up");
            } catch (RuntimeException e) {
                n.close();
                throw e;
            }
            return n;
        }

        /** Command words that run a program inside the namespace. */
        List<String> launcher() {
            return List.of("ip", "netns", "exec", name);
        }

        /** Cuts the link: the namespace side of the veth pair goes down (no packet passes either way). */
        void partition() {
            inNs("ip", "link", "set", nsDev, "down");
        }

        void heal() {
            inNs("ip", "link", "set", nsDev, "up");
        }

        private void inNs(String... cmd) {
            List<String> all = new ArrayList<>(launcher());
            all.addAll(List.of(cmd));
            must(all.toArray(String[]::new));
        }

        private void must(String... cmd) {
            Result r = run(List.of(cmd));
            if (r.exit != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
            }
        }

        /** Deletes the veth pair (both ends) and the namespace; idempotent, never throws. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            run(List.of("ip", "link", "del", rootDev));
            Result del = run(List.of("ip", "netns", "del", name));
            boolean left = run(List.of("ip", "netns", "list")).output.lines()
                    .anyMatch(l -> l.split("\\s+")[0].equals(name));
            System.out.printf("[ha-partition] removed veth %s and namespace %s (%s)%n", rootDev, name,
                    left ? "STILL LISTED: " + del.output.strip() : "gone");
        }

        private record Result(int exit, String output) {
        }

        /** Runs a command with a 15 s bound; exit -1 when it could not start or did not finish. */
        private static Result run(List<String> cmd) {
            Path out = null;
            try {
                out = Files.createTempFile("ferrymq-ip-", ".out");
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(out.toFile())).start();
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    return new Result(-1, String.join(" ", cmd) + " did not finish within 15 s");
                }
                return new Result(p.exitValue(), Files.readString(out));
            } catch (IOException e) {
                return new Result(-1, String.join(" ", cmd) + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(-1, String.join(" ", cmd) + ": interrupted");
            } finally {
                if (out != null) {
                    try {
                        Files.deleteIfExists(out);
                    } catch (IOException e) {
                        // best effort
                    }
                }
            }
        }
    }
}
