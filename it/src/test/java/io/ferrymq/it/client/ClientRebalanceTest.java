package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ferrymq.it.client.ClientFixture.await;

/** Consumers joining and leaving a group: allocation converges quickly and no message is lost. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientRebalanceTest {
    private static final String TOPIC = "CliRebalance";
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        cluster.createTopic(TOPIC, 8);
        cluster.createTopic("CliTen", 8);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static PushConsumer consumer(String group, String topic, Set<String> consumed) {
        PushConsumer c = new PushConsumer(ClientFixture.push(cluster, group)
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).rebalanceIntervalMillis(1000));
        c.subscribe(topic, "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        return c.start();
    }

    private static List<Integer> shares(List<PushConsumer> cs, String topic) {
        List<Integer> out = new ArrayList<>();
        for (PushConsumer c : cs) {
            out.add((int) c.assignment().stream().filter(q -> q.topic().equals(topic)).count());
        }
        out.sort(java.util.Comparator.reverseOrder());
        return out;
    }

    private static boolean disjointAndComplete(List<PushConsumer> cs, String topic, int queues) {
        Set<MessageQueue> all = new HashSet<>();
        int n = 0;
        for (PushConsumer c : cs) {
            for (MessageQueue q : c.assignment()) {
                if (q.topic().equals(topic)) {
                    all.add(q);
                    n++;
                }
            }
        }
        return all.size() == queues && n == queues;
    }

    @Test
    void joinAndLeaveRebalanceWithinThreeSecondsWithoutLoss() throws Exception {
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger seq = new AtomicInteger();
        List<PushConsumer> cs = new ArrayList<>();
        try (Producer producer = new Producer(ClientFixture.producer(cluster, "pg-rb")).start()) {
            Thread feeder = new Thread(() -> {
                while (producing.get()) {
                    String body = "m-" + seq.incrementAndGet();
                    producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                    sent.add(body);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "it-feeder");
            feeder.start();

            cs.add(consumer("cg-rb", TOPIC, consumed));
            cs.add(consumer("cg-rb", TOPIC, consumed));
            await("4/4", Duration.ofSeconds(10), () -> shares(cs, TOPIC).equals(List.of(4, 4))
                && disjointAndComplete(cs, TOPIC, 8));

            awaitMoreSent(sent, 200);
            long t0 = System.nanoTime();
            cs.add(consumer("cg-rb", TOPIC, consumed));
            await("3/3/2 within 3 s", Duration.ofSeconds(3), () -> shares(cs, TOPIC).equals(List.of(3, 3, 2))
                && disjointAndComplete(cs, TOPIC, 8));
            long joinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            awaitMoreSent(sent, 200);
            t0 = System.nanoTime();
            PushConsumer leaving = cs.remove(0);
            leaving.shutdown();
            await("back to 4/4 within 3 s", Duration.ofSeconds(3), () -> shares(cs, TOPIC).equals(List.of(4, 4))
                && disjointAndComplete(cs, TOPIC, 8));
            long leaveMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            awaitMoreSent(sent, 200);
            producing.set(false);
            feeder.join();
            await("everything sent was consumed", Duration.ofSeconds(30), () -> consumed.containsAll(sent));
            System.out.println("rebalance after join " + joinMillis + " ms, after leave " + leaveMillis + " ms, "
                + sent.size() + " messages");
        } finally {
            producing.set(false);
            cs.forEach(PushConsumer::shutdown);
        }
    }

    private static void awaitMoreSent(Set<String> sent, int more) {
        int target = sent.size() + more;
        await(more + " more messages sent", Duration.ofSeconds(30), () -> sent.size() >= target);
    }

    @Test
    void tenConsumersOnEightQueuesLeaveTwoIdle() {
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        List<PushConsumer> cs = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                cs.add(consumer("cg-ten", "CliTen", consumed));
            }
            await("8 x 1 and 2 idle", Duration.ofSeconds(15),
                () -> shares(cs, "CliTen").equals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 0, 0))
                    && disjointAndComplete(cs, "CliTen", 8));
        } finally {
            cs.forEach(PushConsumer::shutdown);
        }
    }
}
