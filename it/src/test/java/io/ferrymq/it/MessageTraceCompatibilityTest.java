package io.ferrymq.it;

import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.admin.MessageTrace;
import io.ferrymq.client.admin.TraceRecord;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message trace of the official 5.3.3 client ({@code enableMsgTrace}) is accepted and stored by FerryMQ, and the
 * trace of a message (send, delivery, consumption) can be read back, decoded, with {@link AdminClient} (what
 * {@code ferry-admin queryMsgTrace} prints). The broker runs with {@code traceTopicEnable=true}, which creates
 * {@code RMQ_SYS_TRACE_TOPIC}; a custom trace topic is created like any topic.
 */
@Timeout(180)
class MessageTraceCompatibilityTest {
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
    void aTracedMessageShowsItsSendAndConsumeRecordsInTheDefaultTraceTopic() throws Exception {
        assertTrue(cluster.routeExists(AdminClient.DEFAULT_TRACE_TOPIC), "traceTopicEnable creates the trace topic");
        traceRoundTrip("TraceTopicA", null, AdminClient.DEFAULT_TRACE_TOPIC, "trace-pg", "trace-cg");
    }

    @Test
    void aCustomTraceTopicIsUsedWhenTheClientNamesOne() throws Exception {
        cluster.createTopic("CustomTraceTopic", 1);
        traceRoundTrip("TraceTopicB", "CustomTraceTopic", "CustomTraceTopic", "trace-pg2", "trace-cg2");
    }

    private static void traceRoundTrip(String topic, String customTraceTopic, String traceTopic, String producerGroup,
                                       String consumerGroup) throws Exception {
        cluster.createTopic(topic, 2);
        DefaultMQProducer producer = cluster.configure(new DefaultMQProducer(producerGroup, true, customTraceTopic));
        DefaultMQPushConsumer consumer = cluster.configure(new DefaultMQPushConsumer(consumerGroup, true,
                customTraceTopic));
        try {
            producer.start();
            Message m = new Message(topic, "TagT", "order-42", "traced".getBytes(StandardCharsets.UTF_8));
            SendResult sent = producer.send(m);
            assertEquals(SendStatus.SEND_OK, sent.getSendStatus());
            String msgId = sent.getMsgId();

            AtomicReference<String> consumed = new AtomicReference<>();
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(x -> consumed.set(x.getMsgId()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            awaitTrue("consumed", Duration.ofSeconds(30), () -> msgId.equals(consumed.get()));

            AtomicReference<MessageTrace> trace = new AtomicReference<>();
            awaitTrue("send, delivery and consume records in " + traceTopic, Duration.ofSeconds(60), () -> {
                MessageTrace t = admin.queryMessageTrace(traceTopic, msgId);
                trace.set(t);
                return types(t).containsAll(List.of(TraceRecord.Type.PUB, TraceRecord.Type.SUB_BEFORE,
                        TraceRecord.Type.SUB_AFTER));
            });
            MessageTrace t = trace.get();
            assertEquals(List.of(), t.undecodable());

            TraceRecord pub = only(t, TraceRecord.Type.PUB);
            assertEquals(producerGroup, pub.group());
            assertEquals(topic, pub.topic());
            assertEquals("TagT", pub.tags());
            assertEquals("order-42", pub.keys());
            assertEquals(cluster.brokerAddr(), pub.storeHost());
            assertEquals("traced".length(), pub.bodyLength());
            assertTrue(pub.success());
            assertNotNull(pub.clientHost(), "who sent it: the producer's address");

            assertNotNull(t.stored(), "the stored message found from the send record");
            assertEquals(topic, t.stored().topic());
            assertEquals(msgId, t.stored().msgId());
            assertTrue(t.stored().storeTimestamp() >= pub.timestamp(), "stored after the send started");

            TraceRecord before = only(t, TraceRecord.Type.SUB_BEFORE);
            assertEquals(consumerGroup, before.group());
            assertEquals(0, before.retryTimes());
            TraceRecord after = only(t, TraceRecord.Type.SUB_AFTER);
            assertEquals(consumerGroup, after.group(), "matched to its delivery by request id");
            assertTrue(after.success());
            assertEquals("SUCCESS", after.consumeResult());
            assertTrue(after.timestamp() >= before.timestamp());
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    private static List<TraceRecord.Type> types(MessageTrace t) {
        return t.records().stream().map(TraceRecord::type).toList();
    }

    private static TraceRecord only(MessageTrace t, TraceRecord.Type type) {
        List<TraceRecord> rs = t.records().stream().filter(r -> r.type() == type).toList();
        assertEquals(1, rs.size(), type + " records: " + t.records());
        return rs.get(0);
    }
}
