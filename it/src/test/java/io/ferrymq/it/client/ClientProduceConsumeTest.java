package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeOrderlyStatus;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.MessageListenerOrderly;
import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.MessageQueueSelectors;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ferrymq.it.client.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our producer and push consumer against our name server and broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientProduceConsumeTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everySendKindIsConsumedWithTagsKeysAndPropertiesIntact() {
        cluster.createTopic("CliAll", 4);
        Map<String, ReceivedMessage> got = new ConcurrentHashMap<>();
        PushConsumer consumer = new PushConsumer(ClientFixture.push(cluster, "cg-all")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).consumeMessageBatchMaxSize(4));
        consumer.subscribe("CliAll", "TagA || TagB");
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.put(new String(m.body(), StandardCharsets.UTF_8), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try (Producer producer = new Producer(ClientFixture.producer(cluster, "pg-all")).start()) {
            consumer.start();
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < 10; i++) {
                Message m = new Message("CliAll", i % 2 == 0 ? "TagA" : "TagB", "key-" + i, utf8("sync-" + i));
                m.putUserProperty("idx", Integer.toString(i));
                SendResult r = producer.send(m);
                assertEquals(SendStatus.SEND_OK, r.status());
                expected.add("sync-" + i);
            }
            for (int i = 0; i < 10; i++) {
                producer.sendAsync(new Message("CliAll", "TagA", utf8("async-" + i))).join();
                expected.add("async-" + i);
            }
            for (int i = 0; i < 5; i++) {
                producer.sendOneway(new Message("CliAll", "TagB", utf8("oneway-" + i)));
                expected.add("oneway-" + i);
            }
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(new Message("CliAll", "TagA", "bkey-" + i, utf8("batch-" + i)));
                expected.add("batch-" + i);
            }
            SendResult br = producer.send(batch);
            assertEquals(5, br.msgId().split(",").length);
            producer.send(new Message("CliAll", "TagC", utf8("filtered-out")));
            byte[] big = "0123456789".repeat(1000).getBytes(StandardCharsets.UTF_8);
            producer.send(new Message("CliAll", "TagA", "big", big));
            expected.add(new String(big, StandardCharsets.UTF_8));

            await("all messages consumed", Duration.ofSeconds(30), () -> got.keySet().containsAll(expected));
            assertTrue(!got.containsKey("filtered-out"), "TagC must be filtered out");
            ReceivedMessage m3 = got.get("sync-3");
            assertEquals("TagB", m3.tags());
            assertEquals("key-3", m3.keys());
            assertEquals("3", m3.userProperties().get("idx"));
            assertEquals("CliAll", m3.topic());
            assertEquals("bkey-2", got.get("batch-2").keys());
            assertEquals("big", got.get(new String(big, StandardCharsets.UTF_8)).keys());
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void failedMessagesComeBackThroughTheRetryTopic() {
        cluster.createTopic("CliRetry", 2);
        AtomicInteger attempts = new AtomicInteger();
        List<Integer> reconsumeTimes = new CopyOnWriteArrayList<>();
        PushConsumer consumer = new PushConsumer(ClientFixture.push(cluster, "cg-retry")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        consumer.subscribe("CliRetry", "*");
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (ReceivedMessage m : msgs) {
                reconsumeTimes.add(m.reconsumeTimes());
                assertEquals("CliRetry", m.topic());
            }
            ctx.delayLevelWhenNextConsume(1);
            return attempts.incrementAndGet() < 3 ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try (Producer producer = new Producer(ClientFixture.producer(cluster, "pg-retry")).start()) {
            consumer.start();
            producer.send(new Message("CliRetry", "TagR", "rk", utf8("retry-me")));
            await("three deliveries", Duration.ofSeconds(30), () -> attempts.get() >= 3);
            assertEquals(List.of(0, 1, 2), reconsumeTimes.subList(0, 3));
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void orderlyListenerSeesEachKeyInSendOrder() {
        cluster.createTopic("CliOrder", 4);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<MessageQueue, AtomicInteger> concurrent = new ConcurrentHashMap<>();
        AtomicInteger overlap = new AtomicInteger();
        PushConsumer consumer = new PushConsumer(ClientFixture.push(cluster, "cg-order")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        consumer.subscribe("CliOrder", "*");
        consumer.registerListener((MessageListenerOrderly) (msgs, ctx) -> {
            AtomicInteger c = concurrent.computeIfAbsent(ctx.queue(), q -> new AtomicInteger());
            if (c.incrementAndGet() > 1) {
                overlap.incrementAndGet();
            }
            try {
                for (ReceivedMessage m : msgs) {
                    String[] p = new String(m.body(), StandardCharsets.UTF_8).split(":");
                    seen.computeIfAbsent(p[0], k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(Integer.parseInt(p[1]));
                }
            } finally {
                c.decrementAndGet();
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        try (Producer producer = new Producer(ClientFixture.producer(cluster, "pg-order")).start()) {
            consumer.start();
            for (int i = 0; i < 20; i++) {
                for (String order : List.of("o1", "o2", "o3")) {
                    producer.send(new Message("CliOrder", utf8(order + ":" + i)), MessageQueueSelectors.byHash(),
                        order);
                }
            }
            await("all ordered messages", Duration.ofSeconds(30),
                () -> seen.values().stream().mapToInt(List::size).sum() >= 60);
            for (List<Integer> l : seen.values()) {
                List<Integer> sorted = new ArrayList<>(l);
                Collections.sort(sorted);
                assertEquals(sorted, l);
            }
            assertEquals(0, overlap.get(), "a queue was consumed by two threads at once");
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void broadcastingDeliversToEveryConsumerAndKeepsOffsetsLocally(@TempDir Path dir) throws Exception {
        cluster.createTopic("CliBcast", 2);
        Map<String, AtomicInteger> counts = new HashMap<>();
        List<PushConsumer> consumers = new ArrayList<>();
        for (String name : List.of("c1", "c2")) {
            AtomicInteger n = new AtomicInteger();
            counts.put(name, n);
            PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-bcast")
                .messageModel(MessageModel.BROADCASTING).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .offsetStoreDir(dir).instanceName(name));
            c.subscribe("CliBcast", "*");
            c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
                n.addAndGet(msgs.size());
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumers.add(c.start());
        }
        try (Producer producer = new Producer(ClientFixture.producer(cluster, "pg-bcast")).start()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new Message("CliBcast", utf8("b" + i)));
            }
            await("both consumers got all", Duration.ofSeconds(30),
                () -> counts.get("c1").get() >= 10 && counts.get("c2").get() >= 10);
        } finally {
            consumers.forEach(PushConsumer::shutdown);
        }
        Path file = dir.resolve("cg-bcast").resolve("c1").resolve("offsets.txt");
        assertTrue(java.nio.file.Files.exists(file), "broadcast offsets file " + file);
        long total = java.nio.file.Files.readAllLines(file).stream().filter(l -> l.startsWith("CliBcast\t"))
            .mapToLong(l -> Long.parseLong(l.split("\t")[3])).sum();
        assertEquals(10, total);
    }

    @Test
    void flowControlCapsCachedMessagesPerQueue() throws Exception {
        cluster.createTopic("CliFlow", 1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger consumed = new AtomicInteger();
        PushConsumer consumer = new PushConsumer(ClientFixture.push(cluster, "cg-flow")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).pullThresholdForQueue(10).pullBatchSize(4)
            .consumeThreads(1));
        consumer.subscribe("CliFlow", "*");
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumed.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try (Producer producer = new Producer(ClientFixture.producer(cluster, "pg-flow")).start()) {
            for (int i = 0; i < 100; i++) {
                producer.send(new Message("CliFlow", utf8("f" + i)));
            }
            consumer.start();
            await("pulling started", Duration.ofSeconds(20), () -> consumer.cachedMessageCount() > 0);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            int max = 0;
            while (System.nanoTime() < until) {
                max = Math.max(max, consumer.cachedMessageCount());
                Thread.sleep(10);
            }
            // one pull may land while the queue is just under the threshold
            assertTrue(max <= 10 + 4, "cached " + max + " messages with a threshold of 10");
            release.countDown();
            await("all consumed after release", Duration.ofSeconds(30), () -> consumed.get() >= 100);
        } finally {
            release.countDown();
            consumer.shutdown();
        }
    }
}
