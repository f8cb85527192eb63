package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broker restart, clean (in-process stop/start) and kill -9 (child JVM): topics, committed offsets, pending
 * scheduled messages and stored messages survive, and a consumer resumes where it committed. The scheduled
 * message is delivered exactly once across the restart.
 */
@Timeout(180)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class BrokerRestartRecoveryTest {
    private static final String TOPIC = "RestartTopic";
    private static final String GROUP = "it-restart-cg";

    /** How the scenario stops and starts its broker. */
    private interface Restarter {
        String brokerAddr();

        /** The broker's {@code config/consumerOffsets.json}. */
        Path offsetsFile();

        void restart() throws Exception;
    }

    @Test
    void cleanRestartKeepsTopicsOffsetsScheduledAndStoredMessages() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            scenario(cluster, new Restarter() {
                @Override
                public String brokerAddr() {
                    return cluster.brokerAddr();
                }

                @Override
                public Path offsetsFile() {
                    return cluster.dir().resolve("broker-a").resolve("config").resolve("consumerOffsets.json");
                }

                @Override
                public void restart() throws Exception {
                    cluster.stopBroker();
                    assertTrue(!cluster.brokerRoutedAt(cluster.brokerAddr()), "clean shutdown unregisters");
                    cluster.startBroker();
                }
            });
        }
    }

    @Test
    void killNineKeepsTopicsOffsetsScheduledAndStoredMessages() throws Exception {
        try (TestCluster names = TestCluster.nameServerOnly();
             BrokerProcess broker = new BrokerProcess(names.dir().resolve("child"), names.namesrvAddr(), Map.of())) {
            broker.start(names);
            scenario(names, new Restarter() {
                @Override
                public String brokerAddr() {
                    return broker.address();
                }

                @Override
                public Path offsetsFile() {
                    return names.dir().resolve("child").resolve("store").resolve("config")
                            .resolve("consumerOffsets.json");
                }

                @Override
                public void restart() throws Exception {
                    broker.kill9();
                    broker.start(names);
                }
            });
        }
    }

    private void scenario(TestCluster cluster, Restarter restarter) throws Exception {
        cluster.createTopic(restarter.brokerAddr(), TOPIC, 1);
        DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("it-restart-pg"));
        producer.start();
        try {
            for (int i = 0; i < 20; i++) {
                producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            commitWithLitePull(cluster, restarter, 10);
            Message delayed = new Message(TOPIC, "delayed".getBytes(StandardCharsets.UTF_8));
            delayed.setDelayTimeLevel(2);
            producer.send(delayed);
        } finally {
            producer.shutdown();
        }

        restarter.restart();

        assertTrue(cluster.routeExists(TOPIC), "topic route after restart");
        assertEquals(10, cluster.committedOffset(restarter.brokerAddr(), GROUP, TOPIC, 0), "committed offset");

        List<String> resumed = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(GROUP));
        c.subscribe(TOPIC, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> resumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            awaitTrue("resumed messages and the scheduled one", Duration.ofSeconds(30),
                    () -> resumed.size() >= 11 && resumed.contains("delayed"));
            Thread.sleep(1500); // a duplicate delivery of the scheduled message would show up now
        } finally {
            c.shutdown();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            expected.add("m" + i);
        }
        expected.add("delayed");
        assertEquals(expected.stream().sorted().toList(), resumed.stream().sorted().toList(),
                "the consumer resumes at its committed offset and gets the scheduled message once");

        List<String> all = readAll(cluster, "it-restart-reader", 21);
        for (int i = 0; i < 20; i++) {
            assertEquals("m" + i, all.get(i), "stored message " + i);
        }
        assertEquals("delayed", all.get(20));
    }

    /** Reads the first {@code n} messages with the official lite pull consumer and commits offset n. */
    private void commitWithLitePull(TestCluster cluster, Restarter broker, int n) throws Exception {
        String brokerAddr = broker.brokerAddr();
        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer(GROUP));
        c.setAutoCommit(false);
        c.setPullBatchSize(n);
        c.start();
        try {
            List<MessageQueue> mqs = new ArrayList<>(c.fetchMessageQueues(TOPIC));
            c.assign(mqs);
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (got.size() < n && System.nanoTime() < deadline) {
                got.addAll(c.poll(500));
            }
            assertTrue(got.size() >= n, "read " + got.size());
            c.commitSync(Map.of(mqs.get(0), (long) n), true);
            awaitTrue("offset committed on the broker", Duration.ofSeconds(10),
                    () -> cluster.committedOffset(brokerAddr, GROUP, TOPIC, 0) == n);
            // The kill -9 must come after the flusher wrote the offset: wait until the file holds it.
            awaitTrue("offset " + n + " written to " + broker.offsetsFile(), Duration.ofSeconds(10),
                    () -> offsetsFileHolds(broker.offsetsFile(), n));
        } finally {
            c.shutdown();
        }
    }

    /** Whether the offsets file holds {@code n} for the scenario's group and queue 0 (false while unreadable). */
    private static boolean offsetsFileHolds(Path file, long n) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            JSONObject all = JSON.parseObject(Files.readString(file));
            JSONObject queues = all == null ? null : all.getJSONObject(TOPIC + "@" + GROUP);
            return queues != null && Long.valueOf(n).equals(queues.getLong("0"));
        } catch (IOException | RuntimeException e) {
            return false; // mid-rename or not written yet: poll again
        }
    }

    private List<String> readAll(TestCluster cluster, String group, int n) throws Exception {
        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer(group));
        c.setAutoCommit(false);
        c.start();
        try {
            c.assign(c.fetchMessageQueues(TOPIC));
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (got.size() < n && System.nanoTime() < deadline) {
                got.addAll(c.poll(500));
            }
            got.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
            assertEquals(n, got.size(), "stored messages after restart");
            return got.stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).toList();
        } finally {
            c.shutdown();
        }
    }
}
