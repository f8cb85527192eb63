package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ferrymq.it.client.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delay levels, dead-lettering after maxReconsumeTimes, and consume-from-timestamp. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientRetryDelayTest {
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

    @Test
    void delayedMessageArrivesAfterItsDelay() {
        cluster.createTopic("CliDelay", 1);
        Map<String, Long> arrival = new ConcurrentHashMap<>();
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-delay")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        c.subscribe("CliDelay", "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> arrival.put(new String(m.body(), StandardCharsets.UTF_8), System.nanoTime()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-delay")).start()) {
            c.start();
            long t0 = System.nanoTime();
            p.send(new Message("CliDelay", "later".getBytes(StandardCharsets.UTF_8)).delayLevel(2)); // 5 s
            p.send(new Message("CliDelay", "now".getBytes(StandardCharsets.UTF_8)));
            await("both arrived", Duration.ofSeconds(30), () -> arrival.size() == 2);
            long nowMs = TimeUnit.NANOSECONDS.toMillis(arrival.get("now") - t0);
            long laterMs = TimeUnit.NANOSECONDS.toMillis(arrival.get("later") - t0);
            assertTrue(laterMs >= 4500, "delayed message arrived after " + laterMs + " ms");
            assertTrue(nowMs < laterMs);
        } finally {
            c.shutdown();
        }
    }

    @Test
    void messageFailingMaxReconsumeTimesEndsInTheDeadLetterTopic() {
        cluster.createTopic("CliDlq", 1);
        AtomicInteger deliveries = new AtomicInteger();
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-dlq")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).maxReconsumeTimes(1));
        c.subscribe("CliDlq", "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            deliveries.addAndGet(msgs.size());
            ctx.delayLevelWhenNextConsume(1);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-dlq")).start()) {
            c.start();
            p.send(new Message("CliDlq", "TagD", "dead-key", "doomed".getBytes(StandardCharsets.UTF_8)));
            await("two deliveries", Duration.ofSeconds(30), () -> deliveries.get() >= 2);
            await("DLQ routed", Duration.ofSeconds(30), () -> cluster.routeExists("%DLQ%cg-dlq"));
        } finally {
            c.shutdown();
        }
        try (LitePullConsumer dlq = new LitePullConsumer(ClientFixture.lite(cluster, "lg-dlq-reader")
                .autoCommit(false))) {
            dlq.assign(List.of(new MessageQueue("%DLQ%cg-dlq", "broker-a", 0)));
            dlq.start();
            dlq.seek(new MessageQueue("%DLQ%cg-dlq", "broker-a", 0), 0);
            List<ReceivedMessage> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                got.addAll(dlq.poll(200));
            }
            assertEquals(1, got.size());
            assertEquals("doomed", new String(got.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("dead-key", got.get(0).keys());
        }
        assertEquals(2, deliveries.get(), "original delivery + 1 retry, then the DLQ");
    }

    @Test
    void newGroupFromTimestampSkipsOlderMessages() throws Exception {
        cluster.createTopic("CliTime", 2);
        long ts;
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-time")).start()) {
            for (int i = 0; i < 5; i++) {
                p.send(new Message("CliTime", ("old" + i).getBytes(StandardCharsets.UTF_8)));
            }
            Thread.sleep(50); // distinct store timestamps on both sides of ts
            ts = System.currentTimeMillis();
            Thread.sleep(50);
            for (int i = 0; i < 5; i++) {
                p.send(new Message("CliTime", ("new" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        Set<String> got = ConcurrentHashMap.newKeySet();
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-time")
            .consumeFromWhere(ConsumeFromWhere.TIMESTAMP).consumeTimestamp(ts));
        c.subscribe("CliTime", "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try {
            c.start();
            await("new messages", Duration.ofSeconds(20), () -> got.size() >= 5);
            Thread.sleep(300); // observation window: a message stored before ts would have arrived by now
            assertEquals(Set.of("new0", "new1", "new2", "new3", "new4"), got);
        } finally {
            c.shutdown();
        }
    }
}
