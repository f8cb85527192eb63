package io.ferrymq.it.client;

import io.ferrymq.client.Message;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.ferrymq.it.client.ClientFixture.await;

/**
 * Clients started while the broker is down and with a dead name server first in their list: they keep retrying
 * in the background and work, including on messages stored before they could connect, once the broker is up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientStartBeforeClusterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        cluster.createTopic("Late", 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int deadPort() throws Exception {
        return io.ferrymq.it.FreePorts.next();
    }

    @Test
    void consumerStartedBeforeTheBrokerConsumesOnceItIsUp() throws Exception {
        cluster.stopBroker();
        String nameServers = "127.0.0.1:" + deadPort() + ";" + cluster.namesrvAddr();
        Set<String> got = ConcurrentHashMap.newKeySet();
        PushConsumer consumer = new PushConsumer(ClientFixture.push(cluster, "cg-late").nameServers(nameServers)
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        consumer.subscribe("Late", "*");
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Producer producer = new Producer(ClientFixture.producer(cluster, "pg-late").nameServers(nameServers))
            .start();
        try {
            Thread.sleep(1500); // both keep retrying meanwhile
            cluster.startBroker();
            await("producer can send", Duration.ofSeconds(20), () -> {
                try {
                    producer.send(new Message("Late", "first".getBytes(StandardCharsets.UTF_8)));
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            producer.send(new Message("Late", "second".getBytes(StandardCharsets.UTF_8)));
            await("consumer got both", Duration.ofSeconds(20), () -> got.containsAll(Set.of("first", "second")));
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
    }
}
