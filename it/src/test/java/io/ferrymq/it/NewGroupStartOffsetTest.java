package io.ferrymq.it;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Where a brand-new consumer group starts (docs/protocol.md 2.6, 5.6), as with the official broker: offset 0 while the
 * queue's first message is still "in memory" (within accessMessageInMemoryMaxRatio % of RAM of the log's end),
 * otherwise QUERY_NOT_FOUND, so a CONSUME_FROM_LAST_OFFSET group skips history instead of replaying it all.
 */
@Timeout(90)
class NewGroupStartOffsetTest {
    private static TestCluster cluster;
    private static DefaultMQProducer producer;
    private static final RemotingClient client = new RemotingClient(new RemotingClientConfig().name("start-offset"));

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        cluster.createTopic("StartTopic", 1);
        producer = cluster.configure(new DefaultMQProducer("start-pg"));
        producer.start();
        for (int i = 0; i < 3; i++) {
            producer.send(new Message("StartTopic", ("old-" + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RemotingCommand queryOffset(String group) throws Exception {
        return client.invokeSync(cluster.brokerAddr(), RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", group).putExt("topic", "StartTopic").putExt("queueId", "0"), 3000);
    }

    private static void setRatio(int percent) throws Exception {
        RemotingCommand r = client.invokeSync(cluster.brokerAddr(), RemotingCommand.request(
                RequestCode.UPDATE_BROKER_CONFIG).body(("accessMessageInMemoryMaxRatio=" + percent)
                .getBytes(StandardCharsets.UTF_8)), 3000);
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
    }

    @Test
    void youngQueueStartsAtZeroOldQueueAtItsEnd() throws Exception {
        awaitTrue("the three messages dispatched", Duration.ofSeconds(10), () -> {
            try {
                RemotingCommand r = queryOffset("young-group");
                return r.code() == ResponseCode.SUCCESS;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("0", queryOffset("young-group").extFields().get("offset"), "first message is hot: start at 0");

        setRatio(0); // nothing counts as in memory any more: the queue is "old"
        try {
            assertEquals(ResponseCode.QUERY_NOT_FOUND, queryOffset("old-group").code());

            List<String> got = new CopyOnWriteArrayList<>();
            DefaultMQPushConsumer consumer = cluster.configure(new DefaultMQPushConsumer("old-group"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
            consumer.subscribe("StartTopic", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(m -> got.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                // The consumer picks its start offset when rebalance gives it the queue; keep sending new messages
                // until one arrives, so the test does not depend on when that happens.
                long[] lastSend = {0};
                awaitTrue("a new message to arrive", Duration.ofSeconds(30), () -> {
                    if (got.isEmpty() && System.nanoTime() - lastSend[0] > 500_000_000L) {
                        lastSend[0] = System.nanoTime();
                        try {
                            producer.send(new Message("StartTopic", "new".getBytes(StandardCharsets.UTF_8)));
                        } catch (Exception e) {
                            return false;
                        }
                    }
                    return !got.isEmpty();
                });
                assertTrue(got.stream().allMatch("new"::equals), "a CONSUME_FROM_LAST_OFFSET group skips the old "
                        + "history; got " + got);
            } finally {
                consumer.shutdown();
            }
        } finally {
            setRatio(40);
        }
    }
}
