package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.Replies;
import io.ferrymq.client.producer.RequestTimeoutException;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** request/reply through our broker: sync and async, many in flight, and a timeout. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientRequestReplyTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        cluster.createTopic("RpcTopic", 2);
        cluster.createTopic("RpcSilent", 1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void requestsGetTheirOwnReplies() throws Exception {
        Producer replyProducer = new Producer(ClientFixture.producer(cluster, "pg-replier")).start();
        PushConsumer replier = new PushConsumer(ClientFixture.push(cluster, "cg-replier"));
        replier.subscribe("RpcTopic", "*");
        replier.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (ReceivedMessage req : msgs) {
                String in = new String(req.body(), StandardCharsets.UTF_8);
                replyProducer.send(Replies.create(req, ("echo:" + in).getBytes(StandardCharsets.UTF_8)));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        replier.start();
        try (Producer requester = new Producer(ClientFixture.producer(cluster, "pg-requester")).start()) {
            ClientFixture.await("replier owns the queues", java.time.Duration.ofSeconds(10),
                () -> replier.assignment().stream().filter(q -> q.topic().equals("RpcTopic")).count() == 2);
            ReceivedMessage r = requester.request(new Message("RpcTopic", "hello".getBytes(StandardCharsets.UTF_8)),
                5000);
            assertEquals("echo:hello", new String(r.body(), StandardCharsets.UTF_8));
            List<CompletableFuture<ReceivedMessage>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(requester.requestAsync(new Message("RpcTopic", ("n" + i).getBytes(StandardCharsets.UTF_8)),
                    5000));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("echo:n" + i, new String(fs.get(i).get(10, TimeUnit.SECONDS).body(),
                    StandardCharsets.UTF_8));
            }
        } finally {
            replier.shutdown();
            replyProducer.shutdown();
        }
    }

    @Test
    void requestWithoutReplierTimesOut() {
        try (Producer requester = new Producer(ClientFixture.producer(cluster, "pg-requester2")).start()) {
            assertThrows(RequestTimeoutException.class,
                () -> requester.request(new Message("RpcSilent", "x".getBytes(StandardCharsets.UTF_8)), 500));
        }
    }
}
