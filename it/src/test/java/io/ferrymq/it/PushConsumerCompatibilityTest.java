package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Official DefaultMQPushConsumer 5.3.3 against FerryMQ: clustering exactly once, queue split between two
 * consumers, tag filtering, long polling latency and broadcasting.
 */
@Timeout(120)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class PushConsumerCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        producer = cluster.configure(new DefaultMQProducer("it-push-pg"));
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopConsumers() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        consumers.clear();
    }

    private DefaultMQPushConsumer consumer(String group, String topic, String expr, MessageModel model,
                                           Consumer<MessageExt> onMessage) throws Exception {
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(group));
        c.subscribe(topic, expr);
        c.setMessageModel(model);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(onMessage);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        consumers.add(c);
        return c;
    }

    private static int queueCount(DefaultMQPushConsumer c, String topic) {
        int n = 0;
        for (MessageQueue mq : c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet()) {
            if (mq.getTopic().equals(topic)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void clusteringConsumerReceivesEveryMessageExactlyOnce() throws Exception {
        cluster.createTopic("PushTopic", 4);
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer c = consumer("it-push-cg", "PushTopic", "*", MessageModel.CLUSTERING,
                m -> seen.merge(new String(m.getBody(), StandardCharsets.UTF_8), 1, Integer::sum));
        awaitTrue("4 queues assigned", Duration.ofSeconds(15), () -> queueCount(c, "PushTopic") == 4);
        int n = 100;
        for (int i = 0; i < n; i++) {
            producer.send(new Message("PushTopic", ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        awaitTrue("all messages", Duration.ofSeconds(30), () -> seen.size() == n);
        Thread.sleep(1500); // a redelivery would show up within the client's pull/persist cycle
        assertEquals(n, seen.size());
        seen.forEach((k, v) -> assertEquals(1, v, "message " + k + " delivered " + v + " times"));
    }

    @Test
    void twoConsumersOfOneGroupSplitEightQueuesFourFour() throws Exception {
        cluster.createTopic("SplitTopic", 8);
        Map<Integer, String> queueOwner = new ConcurrentHashMap<>();
        DefaultMQPushConsumer c1 = consumer("it-split-cg", "SplitTopic", "*", MessageModel.CLUSTERING,
                m -> queueOwner.put(m.getQueueId(), "c1"));
        DefaultMQPushConsumer c2 = consumer("it-split-cg", "SplitTopic", "*", MessageModel.CLUSTERING,
                m -> queueOwner.put(m.getQueueId(), "c2"));
        awaitTrue("4/4 split", Duration.ofSeconds(30),
                () -> queueCount(c1, "SplitTopic") == 4 && queueCount(c2, "SplitTopic") == 4);
        Set<MessageQueue> q1 = new HashSet<>(c1.getDefaultMQPushConsumerImpl().getRebalanceImpl()
                .getProcessQueueTable().keySet());
        q1.retainAll(c2.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet());
        assertTrue(q1.isEmpty(), "the two consumers must not share a queue: " + q1);
        for (int q = 0; q < 8; q++) {
            producer.send(new Message("SplitTopic", ("q" + q).getBytes(StandardCharsets.UTF_8)),
                    new MessageQueue("SplitTopic", "broker-a", q));
        }
        awaitTrue("every queue consumed", Duration.ofSeconds(20), () -> queueOwner.size() == 8);
        long byC1 = queueOwner.values().stream().filter("c1"::equals).count();
        assertEquals(4, byC1, "queue owners: " + queueOwner);
    }

    @Test
    void tagFilterDeliversOnlyMatchingTags() throws Exception {
        cluster.createTopic("TagTopic", 2);
        List<String> tags = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = consumer("it-tag-cg", "TagTopic", "TagA || TagB", MessageModel.CLUSTERING,
                m -> tags.add(m.getTags()));
        awaitTrue("queues assigned", Duration.ofSeconds(15), () -> queueCount(c, "TagTopic") == 2);
        for (int i = 0; i < 10; i++) {
            producer.send(new Message("TagTopic", "TagA", ("a" + i).getBytes(StandardCharsets.UTF_8)));
            producer.send(new Message("TagTopic", "TagB", ("b" + i).getBytes(StandardCharsets.UTF_8)));
            producer.send(new Message("TagTopic", "TagC", ("c" + i).getBytes(StandardCharsets.UTF_8)));
        }
        awaitTrue("A and B messages", Duration.ofSeconds(20), () -> tags.size() >= 20);
        Thread.sleep(500); // observation window: a wrongly delivered TagC message would arrive within it
        assertEquals(20, tags.size());
        assertTrue(tags.stream().allMatch(t -> t.equals("TagA") || t.equals("TagB")), tags.toString());
    }

    @Test
    void longPollingWakesTheParkedPullWhenAMessageArrives() throws Exception {
        cluster.createTopic("LongPollTopic", 1);
        AtomicLong receivedAt = new AtomicLong();
        DefaultMQPushConsumer c = consumer("it-lp-cg", "LongPollTopic", "*", MessageModel.CLUSTERING,
                m -> receivedAt.compareAndSet(0, System.nanoTime()));
        awaitTrue("queue assigned", Duration.ofSeconds(15), () -> queueCount(c, "LongPollTopic") == 1);
        awaitTrue("the consumer's pull parked by the broker", Duration.ofSeconds(15),
                () -> cluster.broker().parkedPullCount() >= 1);
        long sentAt = System.nanoTime();
        producer.send(new Message("LongPollTopic", "wake".getBytes(StandardCharsets.UTF_8)));
        awaitTrue("delivery", Duration.ofSeconds(10), () -> receivedAt.get() != 0);
        // Not a latency check (that belongs in benchmarks): the official client parks each pull for 15 s
        // (brokerSuspendMaxTimeMillis), so a delivery well before that shows the arrival woke the parked pull
        // rather than the hold running out and the client pulling again.
        long waitedMs = (receivedAt.get() - sentAt) / 1_000_000;
        assertTrue(waitedMs < 7_500, "delivery came " + waitedMs + " ms after the send: the parked pull was not "
                + "woken by the arrival (hold time 15 s)");
    }

    @Test
    void broadcastingConsumersEachReceiveAllMessages() throws Exception {
        cluster.createTopic("BroadcastTopic", 2);
        Set<String> a = ConcurrentHashMap.newKeySet();
        Set<String> b = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer ca = consumer("it-bc-cg", "BroadcastTopic", "*", MessageModel.BROADCASTING,
                m -> a.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        DefaultMQPushConsumer cb = consumer("it-bc-cg", "BroadcastTopic", "*", MessageModel.BROADCASTING,
                m -> b.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        awaitTrue("queues assigned", Duration.ofSeconds(15),
                () -> queueCount(ca, "BroadcastTopic") == 2 && queueCount(cb, "BroadcastTopic") == 2);
        // A queue enters the process-queue table only after the client fixed its start offset (last offset), so
        // the condition above already orders the sends after both consumers' start offsets.
        for (int i = 0; i < 20; i++) {
            producer.send(new Message("BroadcastTopic", ("x" + i).getBytes(StandardCharsets.UTF_8)));
        }
        awaitTrue("both received all", Duration.ofSeconds(20), () -> a.size() == 20 && b.size() == 20);
    }
}
