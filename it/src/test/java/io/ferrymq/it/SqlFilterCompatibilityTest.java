package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL92 subscriptions ({@code MessageSelector.bySql}) of the official 5.3.3 client filter on the broker when
 * {@code enablePropertyFilter=true}. Each test topic holds the same 11 messages: {@code m0..m9} with user property
 * {@code n=i} and tag {@code even}/{@code odd}, and {@code plain} with neither property nor tag.
 */
@Timeout(180)
class SqlFilterCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.enablePropertyFilter(true));
        producer = cluster.configure(new DefaultMQProducer("it-sql-pg"));
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

    private static void sendSample(String topic) throws Exception {
        cluster.createTopic(topic, 2);
        for (int i = 0; i < 10; i++) {
            Message m = new Message(topic, i % 2 == 0 ? "even" : "odd", ("m" + i).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("n", Integer.toString(i));
            producer.send(m);
        }
        producer.send(new Message(topic, "plain".getBytes(StandardCharsets.UTF_8)));
    }

    /** Starts a push consumer from the first offset; returns the bodies it receives. */
    private Set<String> consume(String group, String topic, String sql) throws Exception {
        Set<String> got = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(group));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, MessageSelector.bySql(sql));
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                got.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumers.add(c);
        c.start();
        return got;
    }

    /** The group's committed offsets reach the end of both queues: the broker has passed over every message. */
    private static void awaitWholeTopicPassed(String group, String topic) {
        awaitTrue(group + " committed past all 11 messages", Duration.ofSeconds(60), () ->
                cluster.committedOffset(cluster.brokerAddr(), group, topic, 0)
                        + cluster.committedOffset(cluster.brokerAddr(), group, topic, 1) == 11);
    }

    private static Set<String> bodies(int... ns) {
        Set<String> s = new TreeSet<>();
        for (int n : ns) {
            s.add("m" + n);
        }
        return s;
    }

    @Test
    void aSelectorMatchingSomeMessagesDeliversExactlyThose() throws Exception {
        sendSample("SqlSome");
        Set<String> range = consume("sql-some-range", "SqlSome", "n BETWEEN 3 AND 6");
        Set<String> tagged = consume("sql-some-tag", "SqlSome", "TAGS = 'even' AND n > 4");
        Set<String> in = consume("sql-some-in", "SqlSome", "TAGS IN ('odd') OR n IS NULL");
        awaitWholeTopicPassed("sql-some-range", "SqlSome");
        awaitWholeTopicPassed("sql-some-tag", "SqlSome");
        awaitWholeTopicPassed("sql-some-in", "SqlSome");
        assertEquals(bodies(3, 4, 5, 6), new TreeSet<>(range));
        assertEquals(bodies(6, 8), new TreeSet<>(tagged));
        Set<String> expected = bodies(1, 3, 5, 7, 9);
        expected.add("plain");
        assertEquals(expected, new TreeSet<>(in));
    }

    @Test
    void aSelectorMatchingNothingDeliversNothingButMovesThroughTheQueue() throws Exception {
        sendSample("SqlNone");
        Set<String> none = consume("sql-none", "SqlNone", "n > 100 OR color = 'red'");
        awaitWholeTopicPassed("sql-none", "SqlNone");
        assertEquals(Set.of(), none);
    }

    @Test
    void aSelectorMatchingEverythingDeliversAll() throws Exception {
        sendSample("SqlAll");
        Set<String> all = consume("sql-all", "SqlAll", "n IS NULL OR n >= 0");
        awaitTrue("all 11", Duration.ofSeconds(60), () -> all.size() == 11);
        Set<String> expected = bodies(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        expected.add("plain");
        assertEquals(expected, new TreeSet<>(all));
    }

    @Test
    void aLitePullConsumerSendsItsSelectorWithEachPull() throws Exception {
        sendSample("SqlLite");
        DefaultLitePullConsumer lite = cluster.configure(new DefaultLitePullConsumer("sql-lite"));
        lite.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        lite.subscribe("SqlLite", MessageSelector.bySql("n < 2"));
        lite.start();
        try {
            Set<String> got = new TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < 2 && System.nanoTime() < deadline) {
                for (MessageExt m : lite.poll(1000)) {
                    got.add(new String(m.getBody(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(bodies(0, 1), got);
        } finally {
            lite.shutdown();
        }
    }

    @Test
    void aBadExpressionFailsConsumerStartNamingTheColumn() throws Exception {
        cluster.createTopic("SqlBad", 1);
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("sql-bad"));
        c.subscribe("SqlBad", MessageSelector.bySql("n > 'abc'"));
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumers.add(c);
        MQClientException e = assertThrows(MQClientException.class, c::start);
        String message = String.valueOf(e.getErrorMessage()) + " " + e.getMessage();
        assertTrue(message.contains("Invalid SQL92 expression at column 5"), message);
        assertTrue(message.contains("only numbers can be ordered"), message);
    }

    @Test
    void sqlSubscriptionsAreRefusedWhileEnablePropertyFilterIsOff() throws Exception {
        try (TestCluster off = TestCluster.start()) {
            off.createTopic("SqlOff", 1);
            DefaultMQPushConsumer c = off.configure(new DefaultMQPushConsumer("sql-off"));
            c.subscribe("SqlOff", MessageSelector.bySql("n > 1"));
            c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) ->
                    ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            try {
                MQClientException e = assertThrows(MQClientException.class, c::start);
                String message = String.valueOf(e.getErrorMessage()) + " " + e.getMessage();
                assertTrue(message.contains("does not support consumer to filter message by SQL92"), message);
                assertTrue(message.contains("enablePropertyFilter=true"), message);
            } finally {
                c.shutdown();
            }
        }
    }
}
