package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.admin.MessageTrace;
import io.ferrymq.client.admin.TraceRecord;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.it.TestCluster;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferrymq.it.client.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FerryMQ client writes message traces ({@code enableTrace}, as the official client's {@code enableMsgTrace}):
 * what {@code ferry-admin queryMsgTrace} reads shows the send of a message by our producer and its delivery and
 * consumption by our push consumer, in the default trace topic and in a custom one; and an official traced
 * consumer's records join ours in the same trace.
 */
@Timeout(180)
class ClientTraceTest {
    private static TestCluster cluster;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.traceTopicEnable(true));
        admin = new AdminClient(new AdminConfig().nameServers(cluster.namesrvAddr())).start();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ourProducerAndConsumerWriteSendAndConsumeRecordsToTheDefaultTraceTopic() {
        roundTrip("FerryTraceA", AdminClient.DEFAULT_TRACE_TOPIC, "ferry-trace-pg", "ferry-trace-cg");
    }

    @Test
    void aCustomTraceTopicIsWrittenWhenConfigured() {
        cluster.createTopic("FerryCustomTrace", 1);
        roundTrip("FerryTraceB", "FerryCustomTrace", "ferry-trace-pg2", "ferry-trace-cg2");
    }

    @Test
    void anOfficialTracedConsumerAddsItsRecordsToTheTraceOfOurSend() throws Exception {
        String topic = "FerryTraceMixed";
        cluster.createTopic(topic, 2);
        String msgId;
        try (Producer p = new Producer(ClientFixture.producer(cluster, "ferry-trace-mixed-pg").enableTrace(true))
                .start()) {
            msgId = p.send(new Message(topic, "TagM", "mixed-1", "m".getBytes(StandardCharsets.UTF_8))).msgId();
        }
        DefaultMQPushConsumer official = cluster.configure(new DefaultMQPushConsumer("official-trace-mixed-cg",
                true, null));
        Set<String> got = ConcurrentHashMap.newKeySet();
        official.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        official.subscribe(topic, "*");
        official.registerMessageListener(
                (org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(m.getMsgId()));
            return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        official.start();
        try {
            await("consumed by the official consumer", Duration.ofSeconds(30), () -> got.contains(msgId));
            MessageTrace t = awaitTrace(AdminClient.DEFAULT_TRACE_TOPIC, msgId);
            assertEquals("ferry-trace-mixed-pg", only(t, TraceRecord.Type.PUB).group());
            assertEquals("official-trace-mixed-cg", only(t, TraceRecord.Type.SUB_BEFORE).group());
        } finally {
            official.shutdown();
        }
    }

    private static void roundTrip(String topic, String traceTopic, String producerGroup, String consumerGroup) {
        cluster.createTopic(topic, 2);
        AtomicReference<String> consumed = new AtomicReference<>();
        SendResult sent;
        try (Producer p = new Producer(ClientFixture.producer(cluster, producerGroup).enableTrace(true)
                .traceTopic(traceTopic)).start()) {
            sent = p.send(new Message(topic, "TagT", "order-7", "traced".getBytes(StandardCharsets.UTF_8)));
        }
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, consumerGroup)
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).enableTrace(true).traceTopic(traceTopic));
        c.subscribe(topic, "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> consumed.set(m.msgId()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            await("consumed", Duration.ofSeconds(30), () -> sent.msgId().equals(consumed.get()));
            MessageTrace t = awaitTrace(traceTopic, sent.msgId());
            assertEquals(List.of(), t.undecodable());
            TraceRecord pub = only(t, TraceRecord.Type.PUB);
            assertEquals(producerGroup, pub.group());
            assertEquals(topic, pub.topic());
            assertEquals("TagT", pub.tags());
            assertEquals("order-7", pub.keys());
            assertEquals(cluster.brokerAddr(), pub.storeHost());
            assertEquals("traced".length(), pub.bodyLength());
            assertEquals("Normal_Msg", pub.messageType());
            assertEquals(sent.offsetMsgId(), pub.offsetMsgId());
            assertTrue(pub.success());
            assertNotNull(pub.clientHost(), "who sent it");
            assertNotNull(t.stored(), "the stored message found from the send record");
            assertEquals(sent.msgId(), t.stored().msgId());

            TraceRecord before = only(t, TraceRecord.Type.SUB_BEFORE);
            assertEquals(consumerGroup, before.group());
            assertEquals(0, before.retryTimes());
            TraceRecord after = only(t, TraceRecord.Type.SUB_AFTER);
            assertEquals(consumerGroup, after.group(), "matched to its delivery by request id");
            assertTrue(after.success());
            assertEquals("SUCCESS", after.consumeResult());
            assertTrue(after.timestamp() >= before.timestamp());
        } finally {
            c.shutdown();
        }
    }

    private static MessageTrace awaitTrace(String traceTopic, String msgId) {
        AtomicReference<MessageTrace> trace = new AtomicReference<>();
        await("send, delivery and consume records in " + traceTopic, Duration.ofSeconds(60), () -> {
            MessageTrace t = admin.queryMessageTrace(traceTopic, msgId);
            trace.set(t);
            List<TraceRecord.Type> types = t.records().stream().map(TraceRecord::type).toList();
            return types.containsAll(List.of(TraceRecord.Type.PUB, TraceRecord.Type.SUB_BEFORE,
                    TraceRecord.Type.SUB_AFTER));
        });
        return trace.get();
    }

    private static TraceRecord only(MessageTrace t, TraceRecord.Type type) {
        List<TraceRecord> rs = t.records().stream().filter(r -> r.type() == type).toList();
        assertEquals(1, rs.size(), type + " records: " + t.records());
        return rs.get(0);
    }
}
