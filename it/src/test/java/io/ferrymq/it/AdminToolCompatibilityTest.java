package io.ferrymq.it;

import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Official DefaultMQAdminExt (rocketmq-tools 5.3.3) against FerryMQ: create topic, cluster info, topic route and
 * stats, broker runtime info, consumer progress (lag), query message by id and by key, reset offset by time.
 */
@Timeout(120)
class AdminToolCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        admin = cluster.configure(new DefaultMQAdminExt(5000));
        admin.setAdminExtGroup("it-admin-group");
        admin.start();
        producer = cluster.configure(new DefaultMQProducer("it-admin-pg"));
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createTopicThenSeeRouteClusterAndStats() throws Exception {
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig("AdminTopic", 3, 3, 6));
        awaitTrue("route", Duration.ofSeconds(10), () -> cluster.routeExists("AdminTopic"));
        TopicRouteData route = admin.examineTopicRouteInfo("AdminTopic");
        assertEquals(1, route.getQueueDatas().size());
        assertEquals(3, route.getQueueDatas().get(0).getWriteQueueNums());
        assertEquals(cluster.brokerAddr(), route.getBrokerDatas().get(0).getBrokerAddrs().get(0L));

        ClusterInfo ci = admin.examineBrokerClusterInfo();
        assertTrue(ci.getClusterAddrTable().get(TestCluster.CLUSTER).contains("broker-a"));
        assertEquals(cluster.brokerAddr(), ci.getBrokerAddrTable().get("broker-a").getBrokerAddrs().get(0L));

        producer.send(new Message("AdminTopic", "s".getBytes(StandardCharsets.UTF_8)), new MessageQueue("AdminTopic",
                "broker-a", 1));
        // A send is acknowledged once stored; the queue's max offset follows when dispatch has indexed it.
        awaitTrue("max offset 1 in the topic stats", Duration.ofSeconds(10), () -> {
            try {
                return admin.examineTopicStats("AdminTopic").getOffsetTable()
                        .get(new MessageQueue("AdminTopic", "broker-a", 1)).getMaxOffset() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        TopicStatsTable stats = admin.examineTopicStats("AdminTopic");
        assertEquals(3, stats.getOffsetTable().size());
        assertEquals(1, stats.getOffsetTable().get(new MessageQueue("AdminTopic", "broker-a", 1)).getMaxOffset());

        ProducerConnection pc = admin.examineProducerConnectionInfo("it-admin-pg", "AdminTopic");
        assertEquals(1, pc.getConnectionSet().size());
        Properties brokerConfig = admin.getBrokerConfig(cluster.brokerAddr());
        assertEquals(TestCluster.CLUSTER, brokerConfig.getProperty("brokerClusterName"));
        Properties change = new Properties();
        change.setProperty("defaultQueryMaxNum", "16");
        admin.updateBrokerConfig(cluster.brokerAddr(), change);
        assertEquals("16", admin.getBrokerConfig(cluster.brokerAddr()).getProperty("defaultQueryMaxNum"));

        KVTable runtime = admin.fetchBrokerRuntimeStats(cluster.brokerAddr());
        assertEquals("true", runtime.getTable().get("brokerActive"));
        assertNotNull(runtime.getTable().get("putTps"));
        assertTrue(Long.parseLong(runtime.getTable().get("commitLogMaxOffset")) > 0);
    }

    @Test
    void consumerProgressShowsLagAndResetByTimeRewinds() throws Exception {
        cluster.createTopic("ProgressTopic", 2);
        long beforeAll = System.currentTimeMillis() - 1000;
        for (int i = 0; i < 10; i++) {
            producer.send(new Message("ProgressTopic", ("p" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("it-progress-cg"));
        c.subscribe("ProgressTopic", "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> seen.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            deliveries.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            awaitTrue("consumed 10", Duration.ofSeconds(20), () -> seen.size() == 10);
            ConsumerConnection conn = admin.examineConsumerConnectionInfo("it-progress-cg");
            assertEquals(1, conn.getConnectionSet().size());
            assertTrue(conn.getSubscriptionTable().containsKey("ProgressTopic"));
            String clientId = conn.getConnectionSet().iterator().next().getClientId();
            ConsumerRunningInfo running = admin.getConsumerRunningInfo("it-progress-cg", clientId, false);
            assertTrue(running.getSubscriptionSet().stream().anyMatch(sd -> sd.getTopic().equals("ProgressTopic")),
                    "running info relayed from the client");
            assertTrue(admin.queryTopicConsumeByWho("ProgressTopic").getGroupList().contains("it-progress-cg"));
            awaitTrue("lag 0", Duration.ofSeconds(10), () -> lag("it-progress-cg") == 0);
            ConsumeStats cs = admin.examineConsumeStats("it-progress-cg");
            long consumed = cs.getOffsetTable().entrySet().stream()
                    .filter(e -> e.getKey().getTopic().equals("ProgressTopic"))
                    .mapToLong(e -> e.getValue().getConsumerOffset()).sum();
            assertEquals(10, consumed);

            Map<MessageQueue, Long> reset = admin.resetOffsetByTimestamp("ProgressTopic", "it-progress-cg",
                    beforeAll, true);
            assertEquals(2, reset.size());
            reset.values().forEach(v -> assertEquals(0L, v));
            // the 5.3.3 client pauses ~10 s before applying a reset, then consumes everything again
            awaitTrue("consumer told to rewind re-consumes all 10", Duration.ofSeconds(40),
                    () -> deliveries.get() >= 20);
            awaitTrue("lag 0 again", Duration.ofSeconds(10), () -> lag("it-progress-cg") == 0);
        } finally {
            c.shutdown();
        }
        for (int i = 0; i < 5; i++) {
            producer.send(new Message("ProgressTopic", ("q" + i).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            awaitTrue("lag of 5 while the consumer is away", Duration.ofSeconds(10), () -> lag("it-progress-cg") == 5);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": lag " + lag("it-progress-cg") + " stats "
                    + admin.examineConsumeStats("it-progress-cg").getOffsetTable(), e);
        }
    }

    private static long lag(String group) {
        try {
            return admin.examineConsumeStats(group).computeTotalDiff();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void queryMessageByIdAndByKey() throws Exception {
        cluster.createTopic("QueryTopic", 2);
        SendResult r = producer.send(new Message("QueryTopic", "TagQ", "order-42",
                "findme".getBytes(StandardCharsets.UTF_8)));
        MessageExt byOffsetId = admin.viewMessage("QueryTopic", r.getOffsetMsgId());
        assertEquals("findme", new String(byOffsetId.getBody(), StandardCharsets.UTF_8));
        assertEquals(r.getMsgId(), byOffsetId.getMsgId());

        MessageExt byUniqKey = admin.queryMessage(TestCluster.CLUSTER, "QueryTopic", r.getMsgId());
        assertEquals("findme", new String(byUniqKey.getBody(), StandardCharsets.UTF_8));

        long now = System.currentTimeMillis();
        QueryResult byKey = admin.queryMessage("QueryTopic", "order-42", 10, now - 60_000, now + 60_000);
        assertEquals(1, byKey.getMessageList().size());
        assertEquals("order-42", byKey.getMessageList().get(0).getKeys());
    }
}
