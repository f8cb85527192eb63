package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.RequestCallback;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Official client 5.3.3 against FerryMQ: orderly consumption, retry then DLQ, delay levels, request/reply and
 * the lite pull consumer (assign, seek, poll, commit).
 */
@Timeout(120)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class ConsumptionSemanticsCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQProducer producer;
    private final List<Runnable> cleanup = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        producer = cluster.configure(new DefaultMQProducer("it-sem-pg"));
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
    void cleanUp() {
        cleanup.forEach(Runnable::run);
        cleanup.clear();
    }

    private static int queueCount(DefaultMQPushConsumer c, String topic) {
        return (int) c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(mq -> mq.getTopic().equals(topic)).count();
    }

    @Test
    void orderlyConsumerKeepsPerOrderSequence() throws Exception {
        cluster.createTopic("OrderTopic", 4);
        Map<Integer, List<Integer>> seq = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("it-order-cg"));
        c.subscribe("OrderTopic", "*");
        c.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                String[] p = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                seq.computeIfAbsent(Integer.parseInt(p[0]), k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(p[1]));
                total.incrementAndGet();
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        c.start();
        cleanup.add(c::shutdown);
        awaitTrue("queues locked and assigned", Duration.ofSeconds(20), () -> queueCount(c, "OrderTopic") == 4);
        int orders = 8;
        int steps = 10;
        for (int step = 0; step < steps; step++) {
            for (int order = 0; order < orders; order++) {
                producer.send(new Message("OrderTopic", (order + ":" + step).getBytes(StandardCharsets.UTF_8)),
                        (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size()), order);
            }
        }
        awaitTrue("all ordered messages", Duration.ofSeconds(30), () -> total.get() >= orders * steps);
        for (int order = 0; order < orders; order++) {
            List<Integer> expected = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                expected.add(step);
            }
            assertEquals(expected, seq.get(order), "sequence of order " + order);
        }
    }

    @Test
    void failedMessageIsRetriedThenDeadLettered() throws Exception {
        cluster.createTopic("RetryTopic", 1);
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("it-retry-cg"));
        c.subscribe("RetryTopic", "*");
        c.setMaxReconsumeTimes(2);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            ctx.setDelayLevelWhenNextConsume(1);
            msgs.forEach(m -> deliveries.add(m.getReconsumeTimes()));
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        c.start();
        cleanup.add(c::shutdown);
        awaitTrue("queue assigned", Duration.ofSeconds(15), () -> queueCount(c, "RetryTopic") == 1);
        String id = producer.send(new Message("RetryTopic", "doomed".getBytes(StandardCharsets.UTF_8))).getMsgId();
        awaitTrue("3 deliveries (1 + 2 retries)", Duration.ofSeconds(40), () -> deliveries.size() >= 3);
        awaitTrue("dead letter routed", Duration.ofSeconds(15), () -> cluster.routeExists("%DLQ%it-retry-cg"));
        List<MessageExt> dlq = pollAll("%DLQ%it-retry-cg", "it-dlq-reader", 1);
        assertEquals("doomed", new String(dlq.get(0).getBody(), StandardCharsets.UTF_8));
        assertEquals(id, dlq.get(0).getMsgId());
        assertEquals("RetryTopic", dlq.get(0).getProperty("RETRY_TOPIC"));
        Thread.sleep(2500); // observation window: a delivery after the message went to the DLQ would show up here
        assertEquals(List.of(0, 1, 2), deliveries, "reconsume times of the deliveries");
    }

    @Test
    void delayLevelTwoArrivesNoEarlierThanFiveSeconds() throws Exception {
        cluster.createTopic("DelayTopic", 2);
        AtomicLong receivedAt = new AtomicLong();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("it-delay-cg"));
        c.subscribe("DelayTopic", "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            receivedAt.compareAndSet(0, System.currentTimeMillis());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        cleanup.add(c::shutdown);
        awaitTrue("queues assigned", Duration.ofSeconds(15), () -> queueCount(c, "DelayTopic") == 2);
        Message m = new Message("DelayTopic", "later".getBytes(StandardCharsets.UTF_8));
        m.setDelayTimeLevel(2);
        long sentAt = System.currentTimeMillis();
        producer.send(m);
        awaitTrue("delayed delivery", Duration.ofSeconds(20), () -> receivedAt.get() != 0);
        long delay = receivedAt.get() - sentAt;
        assertTrue(delay >= 5000, "delivered after only " + delay + " ms");
        assertTrue(delay < 9000, "delivered after " + delay + " ms");
    }

    @Test
    void requestReplyDeliversTheReplyToTheRequester() throws Exception {
        cluster.createTopic("RequestTopic", 2);
        DefaultMQProducer replier = cluster.configure(new DefaultMQProducer("it-replier-pg"));
        replier.start();
        cleanup.add(replier::shutdown);
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("it-request-cg"));
        c.subscribe("RequestTopic", "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                try {
                    Message reply = MessageUtil.createReplyMessage(m,
                            ("re:" + new String(m.getBody(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    replier.send(reply);
                } catch (Exception e) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        cleanup.add(c::shutdown);
        awaitTrue("queues assigned", Duration.ofSeconds(15), () -> queueCount(c, "RequestTopic") == 2);
        AtomicReference<Message> reply = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        producer.request(new Message("RequestTopic", "ping".getBytes(StandardCharsets.UTF_8)), new RequestCallback() {
            @Override
            public void onSuccess(Message message) {
                if (message != null) { // 5.3.3 may call onSuccess(null) early (docs/protocol.md 6, pitfall 23)
                    reply.set(message);
                }
            }

            @Override
            public void onException(Throwable e) {
                failure.set(e);
            }
        }, 15_000);
        awaitTrue("reply", Duration.ofSeconds(20), () -> reply.get() != null || failure.get() != null);
        assertNotNull(reply.get(), "request failed: " + failure.get());
        assertEquals("re:ping", new String(reply.get().getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void litePullConsumerAssignSeekPollCommit() throws Exception {
        cluster.createTopic("LiteTopic", 1);
        for (int i = 0; i < 10; i++) {
            producer.send(new Message("LiteTopic", ("l" + i).getBytes(StandardCharsets.UTF_8)));
        }
        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer("it-lite-cg"));
        c.setAutoCommit(false);
        c.start();
        cleanup.add(c::shutdown);
        Collection<MessageQueue> mqs = c.fetchMessageQueues("LiteTopic");
        assertEquals(1, mqs.size());
        MessageQueue mq = mqs.iterator().next();
        c.assign(mqs);
        c.seek(mq, 5);
        List<MessageExt> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got.size() < 5 && System.nanoTime() < deadline) {
            got.addAll(c.poll(500));
        }
        assertEquals(5, got.size());
        for (int i = 0; i < 5; i++) {
            assertEquals("l" + (i + 5), new String(got.get(i).getBody(), StandardCharsets.UTF_8));
        }
        c.commitSync();
        awaitTrue("committed offset on the broker", Duration.ofSeconds(10), () -> {
            try {
                return Long.valueOf(10).equals(c.committed(mq));
            } catch (Exception e) {
                return false;
            }
        });
    }

    private List<MessageExt> pollAll(String topic, String group, int expected) throws Exception {
        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer(group));
        c.setAutoCommit(false);
        c.start();
        try {
            c.assign(c.fetchMessageQueues(topic));
            List<MessageExt> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                out.addAll(c.poll(500));
            }
            assertEquals(expected, out.size(), "messages in " + topic);
            return out;
        } finally {
            c.shutdown();
        }
    }
}
