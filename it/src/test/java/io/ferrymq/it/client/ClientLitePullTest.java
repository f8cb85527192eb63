package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lite pull consumer: subscribe, assign, seek, pause/resume, commit. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientLitePullTest {
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

    private static List<String> pollUntil(LitePullConsumer c, int n, long timeoutMillis) {
        List<String> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (out.size() < n && System.currentTimeMillis() < deadline) {
            for (ReceivedMessage m : c.poll(200)) {
                out.add(new String(m.body(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void subscribePollsEverythingAndAutoCommits() {
        cluster.createTopic("LiteSub", 4);
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-lite")).start();
             LitePullConsumer c = new LitePullConsumer(ClientFixture.lite(cluster, "lg-sub")
                 .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET))) {
            c.subscribe("LiteSub", "*");
            c.start();
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                p.send(new Message("LiteSub", ("l" + i).getBytes(StandardCharsets.UTF_8)));
                sent.add("l" + i);
            }
            List<String> got = pollUntil(c, 40, 20_000);
            assertEquals(sent, new HashSet<>(got));
            assertEquals(4, c.assignment().size());
            ClientFixture.await("auto-commit", java.time.Duration.ofSeconds(10),
                () -> c.assignment().stream().mapToLong(c::committed).sum() == 40);
        }
    }

    @Test
    void assignSeekPauseResumeAndCommitSync() {
        cluster.createTopic("LiteAssign", 2);
        try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-lite2")).start();
             LitePullConsumer c = new LitePullConsumer(ClientFixture.lite(cluster, "lg-assign").autoCommit(false))) {
            MessageQueue q0 = new MessageQueue("LiteAssign", "broker-a", 0);
            for (int i = 0; i < 10; i++) {
                p.send(new Message("LiteAssign", ("a" + i).getBytes(StandardCharsets.UTF_8)), q0);
            }
            c.assign(List.of(q0));
            c.start();
            c.seekToBegin(q0);
            List<String> all = pollUntil(c, 10, 10_000);
            assertEquals(10, all.size());
            assertEquals("a0", all.get(0));

            c.seek(q0, 7);
            List<String> tail = pollUntil(c, 3, 10_000);
            assertEquals(List.of("a7", "a8", "a9"), tail);

            c.pause(List.of(q0));
            p.send(new Message("LiteAssign", "a10".getBytes(StandardCharsets.UTF_8)), q0);
            assertTrue(pollUntil(c, 1, 1500).isEmpty(), "paused queue must not return messages");
            c.resume(List.of(q0));
            assertEquals(List.of("a10"), pollUntil(c, 1, 10_000));

            c.commitSync();
            assertEquals(11, c.committed(q0));
            c.seekToEnd(q0);
            p.send(new Message("LiteAssign", "a11".getBytes(StandardCharsets.UTF_8)), q0);
            assertEquals(List.of("a11"), pollUntil(c, 1, 10_000));
            assertEquals(2, c.fetchMessageQueues("LiteAssign").size());
        }
    }
}
