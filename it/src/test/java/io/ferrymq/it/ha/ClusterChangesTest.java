package io.ferrymq.it.ha;

import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live changes to a running cross-process cluster (2 name servers, broker-a and broker-b each ASYNC_MASTER +
 * slave), in order: one name server killed; A's slave killed and restarted (catches up, commit logs on disk
 * byte-identical by CRC32); a new empty slave added to A (catches up, serves pulls); a third group started live
 * (producers use it within seconds).
 */
@Tag("ha")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterChangesTest {
    private static final String TOPIC = "HaChangesTopic";
    private static final String GROUP = "ha-changes-consumer";
    private static ProcessCluster cluster;
    private static ProcessCluster.BrokerNode aMaster;
    private static ProcessCluster.BrokerNode aSlave;
    private static ProcessCluster.BrokerNode bMaster;
    private static ProcessCluster.BrokerNode bSlave;
    private static Traffic traffic;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start("changes", 2);
        aMaster = cluster.broker("broker-a", 0, "ASYNC_MASTER", Map.of());
        aSlave = cluster.broker("broker-a", 1, "SLAVE", Map.of());
        bMaster = cluster.broker("broker-b", 0, "ASYNC_MASTER", Map.of());
        bSlave = cluster.broker("broker-b", 1, "SLAVE", Map.of());
        cluster.startAll(aMaster, aSlave, bMaster, bSlave);
        cluster.createTopic(TOPIC, 4, aMaster, bMaster);
        traffic = new Traffic(cluster, TOPIC);
        traffic.startConsumer(cluster, GROUP);
        TestCluster.awaitTrue("first SEND_OK", Duration.ofSeconds(20), () -> {
            SendResult r = traffic.sendOne();
            return r != null && r.getSendStatus() == SendStatus.SEND_OK;
        });
    }

    @AfterAll
    static void stopCluster() {
        if (traffic != null) {
            traffic.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void sendAcked(int n) {
        for (int i = 0; i < n; i++) {
            SendResult r = traffic.sendOne();
            assertTrue(r != null && r.getSendStatus() == SendStatus.SEND_OK, "send " + i + ": " + r
                    + " outcomes " + traffic.outcomes);
        }
    }

    @Test
    @Order(1)
    void killingOneNameServerDoesNotAffectClients() {
        cluster.nameServers.get(0).jvm.kill9();
        sendAcked(300);
        TestCluster.awaitTrue("all consumed", Duration.ofSeconds(30), () -> traffic.missing().isEmpty());
        assertTrue(cluster.brokerListed(aMaster.address()) && cluster.brokerListed(bMaster.address()));
        System.out.printf("[ha-changes] one of two name servers dead: %s, nothing lost%n", traffic.outcomes);
    }

    @Test
    @Order(2)
    void slaveKilledAndRestartedCatchesUpByteForByte() throws Exception {
        aSlave.jvm.kill9();
        sendAcked(2000);
        long behind = cluster.commitLogMaxOffset(aMaster);
        cluster.start(aSlave);
        cluster.awaitCaughtUp(aMaster, aSlave, Duration.ofSeconds(30));
        long end = cluster.commitLogMaxOffset(aMaster);
        assertTrue(end >= behind);
        long crcMaster = ProcessCluster.commitLogCrc32(aMaster, end);
        long crcSlave = ProcessCluster.commitLogCrc32(aSlave, end);
        System.out.printf("[ha-changes] restarted slave caught up to %d; CRC32 of [0, %d) master %08x slave %08x%n",
                end, end, crcMaster, crcSlave);
        assertEquals(crcMaster, crcSlave);
    }

    @Test
    @Order(3)
    void newEmptySlaveCatchesUpAndServesReads() throws Exception {
        ProcessCluster.BrokerNode fresh = cluster.broker("broker-a", 2, "SLAVE", Map.of());
        cluster.start(fresh);
        cluster.awaitCaughtUp(aMaster, fresh, Duration.ofSeconds(30));
        TestCluster.awaitTrue("new slave copied the topic", Duration.ofSeconds(15),
                () -> cluster.hasTopic(fresh, TOPIC));
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "ha-fresh-reader").putExt("topic", TOPIC).putExt("queueId", "0")
                .putExt("queueOffset", "0").putExt("maxMsgNums", "32").putExt("sysFlag", "4")
                .putExt("commitOffset", "0").putExt("suspendTimeoutMillis", "0").putExt("subscription", "*")
                .putExt("subVersion", "0").putExt("expressionType", "TAG");
        RemotingCommand resp = cluster.admin.invokeSync(fresh.address(), pull, 5000);
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertTrue(resp.body() != null && resp.body().length > 0);
        RemotingCommand onMaster = cluster.admin.invokeSync(aMaster.address(), pull, 5000);
        assertEquals(onMaster.extFields().get("maxOffset"), resp.extFields().get("maxOffset"));
        assertTrue(java.util.Arrays.equals(onMaster.body(), resp.body()), "same bytes as the master");
        System.out.printf("[ha-changes] new empty slave caught up and served %d bytes of queue 0 (max offset %s)%n",
                resp.body().length, resp.extFields().get("maxOffset"));

        // replication lag is visible on both sides (GET_BROKER_RUNTIME_INFO)
        TestCluster.awaitTrue("master reports two slaves", Duration.ofSeconds(10),
                () -> "2".equals(cluster.runtimeInfo(aMaster).get("haSlaveCount")));
        Map<String, String> m = cluster.runtimeInfo(aMaster);
        assertTrue(Long.parseLong(m.get("haSlaveLagBytes")) >= 0 && Long.parseLong(m.get("haSlaveLagMillis")) >= 0,
                m.toString());
        Map<String, String> s = cluster.runtimeInfo(fresh);
        assertEquals("127.0.0.1:" + aMaster.haPort, s.get("haMasterAddress"));
        assertEquals("0", s.get("haLagBytes"));
        System.out.printf("[ha-changes] lag figures: master haSlaveCount=%s haSlaveLagBytes=%s haSlaveLagMillis=%s "
                + "haSlaves=%s; new slave haLagBytes=%s%n", m.get("haSlaveCount"), m.get("haSlaveLagBytes"),
                m.get("haSlaveLagMillis"), m.get("haSlaves"), s.get("haLagBytes"));
    }

    @Test
    @Order(5)
    void laggingConsumerIsSentToTheSlave() throws Exception {
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "ha-slow-reader").putExt("topic", TOPIC).putExt("queueId", "0")
                .putExt("queueOffset", "0").putExt("maxMsgNums", "1").putExt("sysFlag", "4")
                .putExt("commitOffset", "0").putExt("suspendTimeoutMillis", "0").putExt("subscription", "*")
                .putExt("subVersion", "0").putExt("expressionType", "TAG");
        assertEquals("0", cluster.admin.invokeSync(aMaster.address(), pull, 5000).extFields()
                .get("suggestWhichBrokerId"), "default ratio 40 % of RAM: stay on the master");
        setRatio(0);
        try {
            RemotingCommand r = cluster.admin.invokeSync(aMaster.address(), pull, 5000);
            assertEquals(ResponseCode.SUCCESS, r.code());
            assertEquals("1", r.extFields().get("suggestWhichBrokerId"), "any lag exceeds 0 %: go to slave 1");
        } finally {
            setRatio(40);
        }
    }

    private static void setRatio(int ratio) throws Exception {
        RemotingCommand r = cluster.admin.invokeSync(aMaster.address(),
                RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                        .body(("accessMessageInMemoryMaxRatio=" + ratio + "\n").getBytes()), 5000);
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
    }

    @Test
    @Order(4)
    void thirdGroupStartedLiveIsUsedWithinSeconds() throws Exception {
        ProcessCluster.BrokerNode cMaster = cluster.broker("broker-c", 0, "ASYNC_MASTER", Map.of());
        long startedAt = System.nanoTime();
        cluster.start(cMaster);
        cluster.createTopic(TOPIC, 4, cMaster);
        long servingAt = System.nanoTime();
        TestCluster.awaitTrue("a send lands on broker-c", Duration.ofSeconds(15), () -> {
            SendResult r = traffic.sendOne();
            return r != null && "broker-c".equals(r.getMessageQueue().getBrokerName());
        });
        double fromServing = (System.nanoTime() - servingAt) / 1e9;
        double fromStart = (System.nanoTime() - startedAt) / 1e9;
        System.out.printf("[ha-changes] broker-c used by the producer %.1f s after its topic was created "
                + "(%.1f s after its JVM was started)%n", fromServing, fromStart);
        assertTrue(fromServing <= 6.0, "producer used the new group within 6 s, took " + fromServing);
        sendAcked(100);
        TestCluster.awaitTrue("all consumed", Duration.ofSeconds(30), () -> traffic.missing().isEmpty());
    }
}
