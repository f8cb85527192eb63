package io.ferrymq.client.producer;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.FakeCluster;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.internal.MessageCodec;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.common.message.BatchCodec;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Producer against an in-test fake name server and two fake brokers: what goes on the wire, retries, replies. */
class ProducerWireTest {
    private FakeCluster cluster;
    private Producer producer;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster("T", 2);
        producer = new Producer(new ProducerConfig().group("PG").nameServers(cluster.nameServer())
            .sendTimeoutMillis(3000)).start();
    }

    @AfterEach
    void tearDown() {
        producer.shutdown();
        cluster.close();
    }

    private static List<RemotingCommand> all(FakeCluster c) {
        List<RemotingCommand> out = new ArrayList<>(c.a.sends);
        out.addAll(c.b.sends);
        return out;
    }

    @Test
    void sendEncodesTheV2HeaderWithKeysTagsPropertiesAndDelay() {
        Message m = new Message("T", "TagA", "k1 k2", "hello".getBytes(StandardCharsets.UTF_8));
        m.putUserProperty("color", "red").delayLevel(3);
        SendResult r = producer.send(m);
        assertEquals(SendStatus.SEND_OK, r.status());
        assertEquals(m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX), r.msgId());
        assertEquals(32, r.msgId().length());
        RemotingCommand req = all(cluster).get(0);
        Map<String, String> ext = req.extFields();
        assertEquals("PG", ext.get("a"));
        assertEquals("T", ext.get("b"));
        assertEquals("TBW102", ext.get("c"));
        assertEquals("4", ext.get("d"));
        assertEquals(Integer.toString(r.queue().queueId()), ext.get("e"));
        assertEquals("0", ext.get("f"));
        assertEquals("false", ext.get("m"));
        assertEquals(r.queue().brokerName(), ext.get("n"));
        Map<String, String> props = MessageProperties.decode(ext.get("i"));
        assertEquals("TagA", props.get("TAGS"));
        assertEquals("k1 k2", props.get("KEYS"));
        assertEquals("red", props.get("color"));
        assertEquals("3", props.get("DELAY"));
        assertEquals(r.msgId(), props.get("UNIQ_KEY"));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), req.body());
    }

    @Test
    void roundRobinSpreadsOverAllQueuesOfBothBrokers() {
        Set<MessageQueue> used = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            used.add(producer.send(new Message("T", ("m" + i).getBytes(StandardCharsets.UTF_8))).queue());
        }
        assertEquals(4, used.size());
        assertEquals(4, cluster.a.sends.size());
        assertEquals(4, cluster.b.sends.size());
    }

    @Test
    void largeBodiesAreZlibCompressedWithSysFlag0x301() throws Exception {
        byte[] body = "abcdefgh".repeat(1000).getBytes(StandardCharsets.UTF_8);
        producer.send(new Message("T", body));
        RemotingCommand req = all(cluster).get(0);
        assertEquals(Integer.toString(0x301), req.extFields().get("f"));
        assertTrue(req.body().length < body.length);
        assertArrayEquals(body, MessageCodec.unzlib(req.body()));
        producer.send(new Message("T", "small".getBytes(StandardCharsets.UTF_8)));
        RemotingCommand small = all(cluster).stream().filter(c -> c.body().length == 5).findFirst().orElseThrow();
        assertEquals("0", small.extFields().get("f"));
    }

    @Test
    void batchSendsOneRequestWithEveryMessageAndItsOwnId() {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(new Message("T", "Tag" + i, "key" + i, ("b" + i).getBytes(StandardCharsets.UTF_8)));
        }
        SendResult r = producer.send(batch);
        assertEquals(3, r.msgId().split(",").length);
        RemotingCommand req = all(cluster).get(0);
        assertEquals("true", req.extFields().get("m"));
        List<BatchCodec.BatchRecord> recs = BatchCodec.decode(ByteBuffer.wrap(req.body()));
        assertEquals(3, recs.size());
        for (int i = 0; i < 3; i++) {
            Map<String, String> p = MessageProperties.decode(recs.get(i).properties());
            assertEquals("Tag" + i, p.get("TAGS"));
            assertEquals(r.msgId().split(",")[i], p.get("UNIQ_KEY"));
            assertArrayEquals(("b" + i).getBytes(StandardCharsets.UTF_8), recs.get(i).bodyBytes());
        }
    }

    @Test
    void retriesAnotherBrokerOnRetriableCode() {
        cluster.a.sendCode = ResponseCode.SYSTEM_BUSY;
        for (int i = 0; i < 6; i++) {
            SendResult r = producer.send(new Message("T", "x".getBytes(StandardCharsets.UTF_8)));
            assertEquals("broker-b", r.queue().brokerName());
        }
        // broker-a failed at most once: afterwards it is avoided
        assertTrue(cluster.a.sends.size() <= 1, "broker-a got " + cluster.a.sends.size());
    }

    @Test
    void nonRetriableCodeFailsAtOnceNamingBrokerTopicAndCode() {
        cluster.a.sendCode = ResponseCode.MESSAGE_ILLEGAL;
        cluster.b.sendCode = ResponseCode.MESSAGE_ILLEGAL;
        ClientException e = assertThrows(ClientException.class,
            () -> producer.send(new Message("T", "x".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("topic T"), e.getMessage());
        assertTrue(e.getMessage().contains("code 13"), e.getMessage());
        assertTrue(e.getMessage().contains("broker-"), e.getMessage());
        assertEquals(1, all(cluster).size());
    }

    @Test
    void asyncAndOnewayAndSelectorSends() throws Exception {
        SendResult r = producer.sendAsync(new Message("T", "a".getBytes(StandardCharsets.UTF_8)))
            .get(5, TimeUnit.SECONDS);
        assertNotNull(r.offsetMsgId());
        producer.sendOneway(new Message("T", "o".getBytes(StandardCharsets.UTF_8)));
        MessageQueue first = null;
        for (int i = 0; i < 5; i++) {
            MessageQueue q = producer.send(new Message("T", "s".getBytes(StandardCharsets.UTF_8)),
                MessageQueueSelectors.byHash(), "order-7").queue();
            if (first == null) {
                first = q;
            }
            assertEquals(first, q);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (all(cluster).size() < 7 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(7, all(cluster).size());
    }

    @Test
    void unknownTopicWithoutTemplateFailsClearly() {
        ClientException e = assertThrows(ClientException.class,
            () -> producer.send(new Message("Nope", "x".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("no route for topic Nope"), e.getMessage());
    }

    @Test
    void requestCompletesWithTheReplyPushedByTheBroker() throws Exception {
        cluster.a.replier = req -> ("re:" + new String(req.body(), StandardCharsets.UTF_8)).getBytes();
        cluster.b.replier = cluster.a.replier;
        ReceivedMessage reply = producer.request(new Message("T", "ping".getBytes(StandardCharsets.UTF_8)), 3000);
        assertEquals("re:ping", new String(reply.body(), StandardCharsets.UTF_8));
        assertEquals(MessageConst.REPLY_MESSAGE_FLAG, reply.property(MessageConst.PROPERTY_MESSAGE_TYPE));
        ReceivedMessage r2 = producer.requestAsync(new Message("T", "pong".getBytes(StandardCharsets.UTF_8)), 3000)
            .get(5, TimeUnit.SECONDS);
        assertEquals("re:pong", new String(r2.body(), StandardCharsets.UTF_8));
    }

    @Test
    void requestWithoutReplyTimesOut() {
        long t0 = System.nanoTime();
        assertThrows(RequestTimeoutException.class,
            () -> producer.request(new Message("T", "ping".getBytes(StandardCharsets.UTF_8)), 300));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000);
    }

    @Test
    void shutdownIsIdempotentStopsSendsAndLeavesNoThread() {
        producer.send(new Message("T", "x".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().startsWith("ferry-producer-PG-")), "threads are named after the client");
        producer.shutdown();
        producer.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.isAlive() && t.getName().startsWith("ferry-producer-PG-"))) {
            Thread.onSpinWait();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith("ferry-producer-PG-")),
            () -> "leaked: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("ferry-")).toList());
        assertThrows(IllegalStateException.class,
            () -> producer.send(new Message("T", "x".getBytes(StandardCharsets.UTF_8))));
    }
}
