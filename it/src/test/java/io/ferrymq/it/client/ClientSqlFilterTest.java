package io.ferrymq.it.client;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.MessageSelector;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL92 selectors of the FerryMQ client ({@link MessageSelector#bySql}) against a broker with
 * {@code enablePropertyFilter=true}: push and lite-pull consumers get exactly the matching messages, and a selector
 * the broker refuses fails {@code start()} with the broker's reason.
 */
@Timeout(120)
class ClientSqlFilterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.enablePropertyFilter(true));
        cluster.createTopic("CliSql", 2);
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-sql")).start()) {
            for (int i = 0; i < 10; i++) {
                Message m = new Message("CliSql", i < 5 ? "low" : "high", ("s" + i).getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("price", Integer.toString(i * 10));
                p.send(m);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPushConsumerReceivesOnlyMessagesMatchingItsSqlSelector() {
        Set<String> got = ConcurrentHashMap.newKeySet();
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-sql")
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        c.subscribe("CliSql", MessageSelector.bySql("price >= 30 AND TAGS = 'low'"));
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try {
            c.start();
            ClientFixture.await("committed past all 10", Duration.ofSeconds(30), () ->
                    cluster.committedOffset(cluster.brokerAddr(), "cg-sql", "CliSql", 0)
                            + cluster.committedOffset(cluster.brokerAddr(), "cg-sql", "CliSql", 1) == 10);
            assertEquals(new TreeSet<>(Set.of("s3", "s4")), new TreeSet<>(got));
        } finally {
            c.shutdown();
        }
    }

    @Test
    void aLitePullConsumerReceivesOnlyMatchingMessages() {
        try (LitePullConsumer c = new LitePullConsumer(ClientFixture.lite(cluster, "lg-sql")
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET))) {
            c.subscribe("CliSql", MessageSelector.bySql("price IN ('0', '90') OR price > 75"));
            c.start();
            Set<String> got = new TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < 3 && System.nanoTime() < deadline) {
                for (ReceivedMessage m : c.poll(200)) {
                    got.add(new String(m.body(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(new TreeSet<>(Set.of("s0", "s8", "s9")), got);
        }
    }

    @Test
    void aSelectorTheBrokerRefusesFailsStartWithTheColumn() {
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, "cg-sql-bad"));
        c.subscribe("CliSql", MessageSelector.bySql("price > > 1"));
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        try {
            BrokerException e = assertThrows(BrokerException.class, c::start);
            assertEquals(23, e.code(), "SUBSCRIPTION_PARSE_FAILED");
            assertTrue(e.remark().contains("Invalid SQL92 expression at column 9"), e.getMessage());
        } finally {
            c.shutdown();
        }
    }
}
