package io.ferrymq.it.durability;

import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 4 across processes (issue 15): a SYNC_MASTER + SYNC_FLUSH group (master and slave, each its own JVM with
 * the forced-offset hook) loses power while the official producer sends: both are SIGKILLed, then each commit log
 * is cut at the offset its broker last forced and garbage is written after it. After the restart every message
 * that was answered SEND_OK is consumed, and the slave holds exactly the master's log again (when the slave kept
 * more than the master, a continuation of the master's own log, the restarted master restores it from the slave
 * before taking puts, docs/architecture.md).
 */
@Timeout(240)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class PowerLossGroupTest {
    private static final String TOPIC = "DurPowerLoss";

    @Test
    void nothingAcknowledgedIsLostAndTheSlaveRealignsWithTheMaster() throws Exception {
        RemotingClient admin = new RemotingClient(new RemotingClientConfig().name("it-powerloss"));
        try (TestCluster names = TestCluster.nameServerOnly()) {
            String ns = names.namesrvAddr();
            int haPort = ChildBroker.freePort();
            try (ChildBroker master = new ChildBroker(names.dir().resolve("master"), ns, Map.of("brokerRole",
                     "SYNC_MASTER", "flushDiskType", "SYNC_FLUSH", "haListenPort", Integer.toString(haPort)));
                 ChildBroker slave = new ChildBroker(names.dir().resolve("slave"), ns, Map.of("brokerRole", "SLAVE",
                     "brokerId", "1", "flushDiskType", "SYNC_FLUSH", "haListenPort", "0",
                     "haMasterAddress", "127.0.0.1:" + haPort))) {
                master.start(names);
                slave.start(names);
                names.createTopic(master.address(), TOPIC, 4);
                awaitTrue("the slave replicating", Duration.ofSeconds(30),
                    () -> runtimeInfo(admin, master.address()).contains("\"haSlaveCount\":\"1\""));

                Set<String> acked = ConcurrentHashMap.newKeySet();
                AtomicBoolean stop = new AtomicBoolean();
                DefaultMQProducer producer = names.configure(new DefaultMQProducer("dur-powerloss-pg"));
                producer.setRetryTimesWhenSendFailed(0);
                producer.start();
                Thread sender = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String body = "power-" + i;
                        try {
                            SendResult r = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                            if (r.getSendStatus() == SendStatus.SEND_OK) {
                                acked.add(body);
                            }
                        } catch (Exception e) {
                            if (stop.get()) {
                                return;
                            }
                        }
                    }
                }, "power-loss-sender");
                sender.start();
                try {
                    awaitTrue("300 acknowledged sends", Duration.ofSeconds(60), () -> acked.size() >= 300);
                    master.kill9(); // the group loses power with sends in flight
                    slave.kill9();
                } finally {
                    stop.set(true);
                    sender.join(30_000);
                    producer.shutdown();
                }
                long masterForced = master.lastForcedOffset();
                long slaveForced = slave.lastForcedOffset();
                System.out.printf("[PowerLossGroupTest] %d acknowledged; cut master at %d, slave at %d%n",
                    acked.size(), masterForced, slaveForced);
                Random rnd = new Random(11);
                cutLikeAPowerLoss(master.storeDir().resolve("commitlog"), masterForced, rnd);
                cutLikeAPowerLoss(slave.storeDir().resolve("commitlog"), slaveForced, rnd);

                master.start(names);
                slave.start(names);
                awaitTrue("the slave caught up with the master", Duration.ofSeconds(60), () -> {
                    String info = runtimeInfo(admin, master.address());
                    return info.contains("\"haSlaveCount\":\"1\"") && info.contains("\"haSlaveLagBytes\":\"0\"");
                });

                Set<String> consumed = ConcurrentHashMap.newKeySet();
                DefaultMQPushConsumer consumer = names.configure(new DefaultMQPushConsumer("dur-powerloss-cg"));
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.subscribe(TOPIC, "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                    msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
                try {
                    awaitTrue("every acknowledged message consumed", Duration.ofSeconds(60),
                        () -> consumed.containsAll(acked));
                } finally {
                    consumer.shutdown();
                }
                byte[] m = Files.readAllBytes(firstSegment(master.storeDir().resolve("commitlog")));
                byte[] s = Files.readAllBytes(firstSegment(slave.storeDir().resolve("commitlog")));
                assertArrayEquals(m, s, "the slave's commit log is the master's, byte for byte");
                assertTrue(acked.size() >= 300);
            }
        } finally {
            admin.shutdown();
        }
    }

    private static Path firstSegment(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    /** What a power cut leaves: nothing after {@code forced}, and garbage where the unforced bytes were. */
    private static void cutLikeAPowerLoss(Path commitLogDir, long forced, Random rnd) throws Exception {
        assertTrue(forced >= 0, "the hook recorded a forced offset in " + commitLogDir);
        List<Path> segments;
        try (Stream<Path> s = Files.list(commitLogDir)) {
            segments = s.sorted().toList();
        }
        int size = ChildBroker.SEGMENT;
        for (Path seg : segments) {
            long start = Long.parseLong(seg.getFileName().toString());
            if (start >= forced) {
                Files.delete(seg);
            } else if (forced < start + size) {
                try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                    int pos = (int) (forced - start);
                    f.seek(pos);
                    f.write(new byte[size - pos]);
                    byte[] garbage = new byte[Math.min(size - pos, 512)];
                    rnd.nextBytes(garbage);
                    f.seek(pos);
                    f.write(garbage);
                }
            }
        }
        assertTrue(Arrays.stream(commitLogDir.toFile().list()).allMatch(n -> n.matches("\\d{20}")));
    }

    private static String runtimeInfo(RemotingClient client, String addr) {
        try {
            RemotingCommand r = client.invokeSync(addr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO),
                3000);
            return r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }
}
