package io.ferrymq.it.client;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.it.TestCluster;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.ferrymq.it.client.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our client and the official 5.3.3 client on the same topics, in both directions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientMixedOfficialTest {
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

    @Test
    void officialProducerToOurConsumer() throws Exception {
        cluster.createTopic("MixIn", 4);
        Map<String, ReceivedMessage> got = new ConcurrentHashMap<>();
        PushConsumer ours = new PushConsumer(ClientFixture.push(cluster, "cg-mix-in")
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET));
        ours.subscribe("MixIn", "TagA || TagB");
        ours.registerListener((io.ferrymq.client.consumer.MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.put(new String(m.body(), StandardCharsets.UTF_8), m));
            return io.ferrymq.client.consumer.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        ours.start();
        DefaultMQProducer official = cluster.configure(new DefaultMQProducer("pg-mix-official"));
        official.start();
        Map<String, String> ids = new HashMap<>();
        try {
            for (int i = 0; i < 20; i++) {
                Message m = new Message("MixIn", i % 2 == 0 ? "TagA" : "TagB", "ok-" + i,
                    ("o" + i).getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("source", "official");
                m.putUserProperty("n", Integer.toString(i));
                ids.put("o" + i, official.send(m).getMsgId());
            }
            byte[] big = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8); // compressed by the official client
            official.send(new Message("MixIn", "TagA", "big", big));
            await("our consumer got all", Duration.ofSeconds(30), () -> got.size() >= 21);
            for (int i = 0; i < 20; i++) {
                ReceivedMessage m = got.get("o" + i);
                assertEquals(i % 2 == 0 ? "TagA" : "TagB", m.tags());
                assertEquals("ok-" + i, m.keys());
                assertEquals("official", m.userProperties().get("source"));
                assertEquals(Integer.toString(i), m.userProperties().get("n"));
                assertEquals(ids.get("o" + i), m.msgId());
            }
            assertEquals("big", got.get(new String(big, StandardCharsets.UTF_8)).keys());
        } finally {
            official.shutdown();
            ours.shutdown();
        }
    }

    @Test
    void ourProducerToOfficialConsumer() throws Exception {
        cluster.createTopic("MixOut", 4);
        Map<String, MessageExt> got = new ConcurrentHashMap<>();
        DefaultMQPushConsumer official = cluster.configure(new DefaultMQPushConsumer("cg-mix-official"));
        official.subscribe("MixOut", "*");
        official.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        official.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.put(new String(m.getBody(), StandardCharsets.UTF_8), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        official.start();
        Map<String, String> ids = new HashMap<>();
        try (Producer ours = new Producer(ClientFixture.producer(cluster, "pg-mix-ours")).start()) {
            for (int i = 0; i < 20; i++) {
                io.ferrymq.client.Message m = new io.ferrymq.client.Message("MixOut", "T" + (i % 3), "k-" + i,
                    ("f" + i).getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("source", "ferry");
                SendResult r = ours.send(m);
                ids.put("f" + i, r.msgId());
            }
            byte[] big = "y".repeat(10_000).getBytes(StandardCharsets.UTF_8); // compressed by us
            ours.send(new io.ferrymq.client.Message("MixOut", "T0", "big", big));
            await("official consumer got all", Duration.ofSeconds(30), () -> got.size() >= 21);
            for (int i = 0; i < 20; i++) {
                MessageExt m = got.get("f" + i);
                assertEquals("T" + (i % 3), m.getTags());
                assertEquals("k-" + i, m.getKeys());
                assertEquals("ferry", m.getUserProperty("source"));
                assertEquals(ids.get("f" + i), m.getMsgId());
            }
            assertEquals("big", got.get(new String(big, StandardCharsets.UTF_8)).getKeys());
        } finally {
            official.shutdown();
        }
    }

    @Test
    void ourRequesterWithOfficialReplier() throws Exception {
        cluster.createTopic("MixRpc", 2);
        DefaultMQProducer officialReplyProducer = cluster.configure(new DefaultMQProducer("pg-mix-replier"));
        officialReplyProducer.start();
        DefaultMQPushConsumer officialReplier = cluster.configure(new DefaultMQPushConsumer("cg-mix-replier"));
        officialReplier.subscribe("MixRpc", "*");
        officialReplier.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt req : msgs) {
                try {
                    Message reply = org.apache.rocketmq.client.utils.MessageUtil.createReplyMessage(req,
                        ("official:" + new String(req.getBody(), StandardCharsets.UTF_8)).getBytes(
                            StandardCharsets.UTF_8));
                    officialReplyProducer.send(reply);
                } catch (Exception e) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        officialReplier.start();
        try (Producer ours = new Producer(ClientFixture.producer(cluster, "pg-mix-requester")).start()) {
            ReceivedMessage r = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (r == null && System.currentTimeMillis() < deadline) {
                try {
                    // the official replier needs a rebalance round before it consumes
                    r = ours.request(new io.ferrymq.client.Message("MixRpc",
                        "q".getBytes(StandardCharsets.UTF_8)), 3000);
                } catch (io.ferrymq.client.producer.RequestTimeoutException e) {
                    // retry until the replier is up
                }
            }
            assertEquals("official:q", new String(r.body(), StandardCharsets.UTF_8));
        } finally {
            officialReplier.shutdown();
            officialReplyProducer.shutdown();
        }
    }

    @Test
    void officialRequesterWithOurReplier() throws Exception {
        cluster.createTopic("MixRpc2", 2);
        Producer replyProducer = new Producer(ClientFixture.producer(cluster, "pg-mix-our-replier")).start();
        PushConsumer replier = new PushConsumer(ClientFixture.push(cluster, "cg-mix-our-replier"));
        replier.subscribe("MixRpc2", "*");
        replier.registerListener((io.ferrymq.client.consumer.MessageListenerConcurrently) (msgs, ctx) -> {
            for (ReceivedMessage req : msgs) {
                replyProducer.send(io.ferrymq.client.producer.Replies.create(req,
                    ("ferry:" + new String(req.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
            }
            return io.ferrymq.client.consumer.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        replier.start();
        DefaultMQProducer officialRequester = cluster.configure(new DefaultMQProducer("pg-mix-official-req"));
        officialRequester.start();
        try {
            ClientFixture.await("replier owns the queues", Duration.ofSeconds(10),
                () -> replier.assignment().stream().filter(q -> q.topic().equals("MixRpc2")).count() == 2);
            java.util.concurrent.CompletableFuture<Message> reply = new java.util.concurrent.CompletableFuture<>();
            // the callback form: the official synchronous request() is broken in 5.3.x (apache/rocketmq#9319)
            officialRequester.request(new Message("MixRpc2", "r".getBytes(StandardCharsets.UTF_8)),
                new org.apache.rocketmq.client.producer.RequestCallback() {
                    @Override
                    public void onSuccess(Message message) {
                        if (message != null) { // 5.3.x may call onSuccess(null) early (apache/rocketmq#10613)
                            reply.complete(message);
                        }
                    }

                    @Override
                    public void onException(Throwable e) {
                        reply.completeExceptionally(e);
                    }
                }, 5000);
            assertEquals("ferry:r", new String(reply.get(10, TimeUnit.SECONDS).getBody(), StandardCharsets.UTF_8));
        } finally {
            officialRequester.shutdown();
            replier.shutdown();
            replyProducer.shutdown();
        }
    }
}
