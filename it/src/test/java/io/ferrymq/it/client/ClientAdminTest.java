package io.ferrymq.it.client;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.admin.ClusterView;
import io.ferrymq.client.admin.ConsumerConnections;
import io.ferrymq.client.admin.ConsumerProgress;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.client.admin.TopicRouteInfo;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ferrymq.it.client.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin client against our name server and broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientAdminTest {
    private static TestCluster cluster;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        admin = new AdminClient(new AdminConfig().nameServers(cluster.namesrvAddr())).start();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clusterAndBrokerInfo() {
        ClusterView v = admin.clusterInfo();
        assertTrue(v.clusters().get(TestCluster.CLUSTER).contains("broker-a"));
        assertEquals(cluster.brokerAddr(), v.brokers().get("broker-a").master());
        Map<String, String> rt = admin.brokerRuntimeInfo(cluster.brokerAddr());
        assertFalse(rt.isEmpty());
    }

    @Test
    void topicLifecycleStatsAndQueueChanges() {
        admin.createTopic(TestCluster.CLUSTER, "AdmTopic", 4);
        await("route", Duration.ofSeconds(10), () -> cluster.routeExists("AdmTopic"));
        assertTrue(admin.topics().contains("AdmTopic"));
        TopicRouteInfo r = admin.topicRoute("AdmTopic");
        assertEquals(4, r.queues().get(0).writeQueueNums());
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-adm")).start()) {
            for (int i = 0; i < 6; i++) {
                p.send(new Message("AdmTopic", ("s" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        Map<MessageQueue, QueueStats> stats = admin.topicStats("AdmTopic");
        assertEquals(4, stats.size());
        assertEquals(6, stats.values().stream().mapToLong(QueueStats::maxOffset).sum());

        admin.updateQueueNums(TestCluster.CLUSTER, "AdmTopic", 8, 8);
        await("8 queues routed", Duration.ofSeconds(10),
            () -> admin.topicRoute("AdmTopic").queues().get(0).readQueueNums() == 8);

        admin.deleteTopic(TestCluster.CLUSTER, "AdmTopic");
        await("route gone", Duration.ofSeconds(10), () -> !cluster.routeExists("AdmTopic"));
        ClientException e = assertThrows(ClientException.class, () -> admin.topicRoute("AdmTopic"));
        assertTrue(e.getMessage().contains("AdmTopic"));
    }

    @Test
    void consumerProgressConnectionsAndResetByTime() throws Exception {
        admin.createTopic(TestCluster.CLUSTER, "AdmProgress", 2);
        await("route", Duration.ofSeconds(10), () -> cluster.routeExists("AdmProgress"));
        AtomicInteger consumed = new AtomicInteger();
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-adm")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        c.subscribe("AdmProgress", "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            consumed.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long beforeSecondHalf;
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-adm2")).start()) {
            c.start();
            for (int i = 0; i < 10; i++) {
                p.send(new Message("AdmProgress", ("p" + i).getBytes(StandardCharsets.UTF_8)));
            }
            Thread.sleep(20); // store timestamps of the two halves must differ
            beforeSecondHalf = System.currentTimeMillis();
            Thread.sleep(20);
            for (int i = 10; i < 20; i++) {
                p.send(new Message("AdmProgress", ("p" + i).getBytes(StandardCharsets.UTF_8)));
            }
            await("consumed", Duration.ofSeconds(20), () -> consumed.get() >= 20);
            await("lag 0", Duration.ofSeconds(20), () -> {
                ConsumerProgress pr = admin.consumerProgress("cg-adm", "AdmProgress");
                return pr.queues().size() == 2 && pr.totalLag() == 0;
            });
            ConsumerConnections cc = admin.consumerConnections("cg-adm");
            assertTrue(cc.connections().stream().anyMatch(x -> x.clientId().equals(c.clientId())),
                cc.toString());
            assertEquals("*", cc.subscriptions().get("AdmProgress"));
            assertEquals("CLUSTERING", cc.messageModel());
            io.ferrymq.client.admin.ConsumerRuntime rt = admin.consumerRuntime("cg-adm", c.clientId());
            assertEquals("cg-adm", rt.properties().get("consumerGroup"));
            assertEquals("false", rt.properties().get("PROP_CONSUMEORDERLY"));
            assertEquals("*", rt.subscriptions().get("AdmProgress"));
        } finally {
            c.shutdown();
        }
        Map<MessageQueue, Long> reset = admin.resetOffsetByTimestamp("cg-adm", "AdmProgress", beforeSecondHalf);
        assertEquals(10, reset.values().stream().mapToLong(Long::longValue).sum(), reset.toString());
        await("lag 10 after reset", Duration.ofSeconds(10),
            () -> admin.consumerProgress("cg-adm", "AdmProgress").totalLag() == 10);
        admin.deleteSubscriptionGroup(TestCluster.CLUSTER, "cg-adm");
    }

    @Test
    void queryMessagesByIdKeyAndOffset() {
        admin.createTopic(TestCluster.CLUSTER, "AdmQuery", 1);
        await("route", Duration.ofSeconds(10), () -> cluster.routeExists("AdmQuery"));
        SendResult sr;
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-adm3")).start()) {
            p.send(new Message("AdmQuery", "TagQ", "other", "zero".getBytes(StandardCharsets.UTF_8)));
            sr = p.send(new Message("AdmQuery", "TagQ", "order-1 k2", "one".getBytes(StandardCharsets.UTF_8)));
        }
        ReceivedMessage byOffsetId = admin.queryMessageById("AdmQuery", sr.offsetMsgId());
        assertEquals("one", new String(byOffsetId.body(), StandardCharsets.UTF_8));
        ReceivedMessage byUniq = admin.queryMessageById("AdmQuery", sr.msgId());
        assertEquals(sr.msgId(), byUniq.msgId());
        List<ReceivedMessage> byKey = admin.queryMessageByKey("AdmQuery", "k2", 32, 0, Long.MAX_VALUE);
        assertEquals(1, byKey.size());
        assertEquals("order-1 k2", byKey.get(0).keys());
        ReceivedMessage byOffset = admin.queryMessageByOffset(sr.queue(), sr.queueOffset());
        assertNotNull(byOffset);
        assertEquals("one", new String(byOffset.body(), StandardCharsets.UTF_8));
        assertNull(admin.queryMessageByOffset(sr.queue(), sr.queueOffset() + 5));
        ClientException ce = assertThrows(ClientException.class,
            () -> admin.createOrUpdateTopic("NoSuchCluster", "X", 1, 1, 6, false));
        assertTrue(ce.getMessage().contains("NoSuchCluster"), ce.getMessage());
    }
}
