package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Official DefaultMQProducer 5.3.3 against FerryMQ: sync, async, oneway and batch sends. */
@Timeout(120)
class ProducerSendCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        producer = cluster.configure(new DefaultMQProducer("it-send-pg"));
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

    @Test
    void syncSendReturnsOffsetIdQueueAndOffset() throws Exception {
        cluster.createTopic("SyncTopic", 4);
        SendResult r = producer.send(new Message("SyncTopic", "TagA", "k1", "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SendStatus.SEND_OK, r.getSendStatus());
        assertNotNull(r.getMsgId());
        assertEquals(32, r.getOffsetMsgId().length());
        assertEquals("SyncTopic", r.getMessageQueue().getTopic());
        assertEquals("broker-a", r.getMessageQueue().getBrokerName());
        assertEquals(0, r.getQueueOffset());
        List<MessageExt> got = readAll("SyncTopic", 1);
        assertEquals("hello", new String(got.get(0).getBody(), StandardCharsets.UTF_8));
        assertEquals(r.getMsgId(), got.get(0).getMsgId());
        assertEquals("TagA", got.get(0).getTags());
        assertEquals(TestCluster.CLUSTER, got.get(0).getProperty("CLUSTER"));
    }

    @Test
    void asyncSendCompletesCallback() throws Exception {
        cluster.createTopic("AsyncTopic", 2);
        int n = 20;
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < n; i++) {
            producer.send(new Message("AsyncTopic", ("a" + i).getBytes(StandardCharsets.UTF_8)), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    ids.add(sendResult.getMsgId());
                    done.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    failure.set(e);
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertNull(failure.get());
        assertEquals(n, ids.size());
        assertEquals(n, readAll("AsyncTopic", n).size());
    }

    @Test
    void onewaySendIsStored() throws Exception {
        cluster.createTopic("OnewayTopic", 2);
        for (int i = 0; i < 10; i++) {
            producer.sendOneway(new Message("OnewayTopic", ("o" + i).getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(10, readAll("OnewayTopic", 10).size());
    }

    @Test
    void batchSendStoresEachMessageWithItsOwnId() throws Exception {
        cluster.createTopic("BatchTopic", 1);
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new Message("BatchTopic", "TagB", "key" + i, ("b" + i).getBytes(StandardCharsets.UTF_8)));
        }
        SendResult r = producer.send(batch);
        assertEquals(SendStatus.SEND_OK, r.getSendStatus());
        assertEquals(5, r.getMsgId().split(",").length);
        List<MessageExt> got = readAll("BatchTopic", 5);
        Set<String> uniq = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertEquals("b" + i, new String(got.get(i).getBody(), StandardCharsets.UTF_8));
            assertEquals("key" + i, got.get(i).getKeys());
            uniq.add(got.get(i).getMsgId());
            assertEquals(i, got.get(i).getQueueOffset());
        }
        assertEquals(5, uniq.size(), "each batch member keeps its own UNIQ_KEY");
        assertEquals(new HashSet<>(List.of(r.getMsgId().split(","))), uniq);
    }

    /**
     * Reads {@code expected} messages of every queue of the topic with a lite pull consumer of a new group (which
     * starts at offset 0 of a young queue, as RocketMQ does).
     */
    private List<MessageExt> readAll(String topic, int expected) throws Exception {
        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer("it-send-reader-" + topic));
        c.setAutoCommit(false);
        c.start();
        try {
            Collection<MessageQueue> mqs = c.fetchMessageQueues(topic);
            c.assign(mqs);
            List<MessageExt> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                out.addAll(c.poll(500));
            }
            out.sort((a, b) -> a.getQueueId() != b.getQueueId() ? Integer.compare(a.getQueueId(), b.getQueueId())
                    : Long.compare(a.getQueueOffset(), b.getQueueOffset()));
            assertEquals(expected, out.size(), "messages read back from " + topic);
            return out;
        } finally {
            c.shutdown();
        }
    }
}
