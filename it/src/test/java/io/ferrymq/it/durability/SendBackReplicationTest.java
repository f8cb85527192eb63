package io.ferrymq.it.durability;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Internal writes are acknowledgements too" (issue 15) with the official 5.3.3 push consumer against a
 * SYNC_MASTER: while no slave holds a copy, a failed message's send-back is not acknowledged, so the consumer
 * consumes the message again and never moves its offset past it; once a slave replicates, the send-back
 * succeeds, the copy comes back through the retry topic, and the offset moves on.
 */
@Timeout(180)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class SendBackReplicationTest {
    private static final String TOPIC = "DurSendBack";
    private static final String GROUP = "dur-sendback-cg";

    private TestCluster cluster;
    private Broker slave;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private final RemotingClient admin = new RemotingClient(new RemotingClientConfig().name("it-durability"));

    /** One delivery as the listener saw it. */
    private record Delivery(String body, boolean retryCopy, int reconsumeTimes) {
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (slave != null) {
            slave.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
        admin.shutdown();
    }

    private BrokerConfig slaveConfig() {
        BrokerConfig cfg = new BrokerConfig().brokerClusterName(TestCluster.CLUSTER).brokerName("broker-a")
                .brokerId(1).brokerRole(BrokerRole.SLAVE).brokerIP1("127.0.0.1").listenPort(0)
                .namesrvAddr(cluster.namesrvAddr()).storePathRootDir(cluster.dir().resolve("broker-a-s").toString())
                .registerNameServerPeriod(1000).haListenPort(0)
                .messageDelayLevel(oneSecondLevels());
        cfg.storeValues().setText("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        cfg.storeValues().setText("mappedFileSizeConsumeQueue", Integer.toString(20 * 30_000));
        return cfg;
    }

    private static String oneSecondLevels() {
        return String.join(" ", java.util.Collections.nCopies(18, "1s"));
    }

    private String runtimeInfo(String addr) {
        try {
            RemotingCommand resp = admin.invokeSync(addr,
                    RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
            return resp.code() == ResponseCode.SUCCESS && resp.body() != null
                    ? new String(resp.body(), StandardCharsets.UTF_8) : "";
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void aFailedMessageIsAcknowledgedOnlyOnceItsRetryCopyIsReplicated() throws Exception {
        // a SYNC_MASTER that never has a slave: no wait at its start for a slave to restore from
        cluster = TestCluster.start(c -> c.brokerRole(BrokerRole.SYNC_MASTER).slaveAckTimeoutMillis(1000)
                .haRestoreWaitMillis(0).messageDelayLevel(oneSecondLevels()));
        cluster.createTopic(TOPIC, 1);
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        // a copy from the retry topic has its own commit-log offset; the original keeps the one its send returned
        // (RETRY_TOPIC does not tell them apart: the client's fallback adds it to the original's properties too)
        long[] originalOffset = {-1};
        consumer = cluster.configure(new DefaultMQPushConsumer(GROUP));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            boolean retryCopies = true;
            for (MessageExt m : msgs) {
                boolean retry = m.getCommitLogOffset() != originalOffset[0];
                deliveries.add(new Delivery(new String(m.getBody(), StandardCharsets.UTF_8), retry,
                        m.getReconsumeTimes()));
                retryCopies &= retry;
            }
            // the original always fails; a copy that came back through the retry topic is consumed
            return retryCopies ? ConsumeConcurrentlyStatus.CONSUME_SUCCESS : ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        producer = cluster.configure(new DefaultMQProducer("dur-sendback-pg"));
        producer.start();
        SendResult sent = producer.send(new Message(TOPIC, "fails".getBytes(StandardCharsets.UTF_8)));
        String offsetMsgId = sent.getOffsetMsgId(); // store host, then the commit-log offset as 16 hex digits
        originalOffset[0] = Long.parseUnsignedLong(offsetMsgId.substring(offsetMsgId.length() - 16), 16);
        consumer.start();
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, sent.getSendStatus(), "SYNC_MASTER without a slave");

        // no slave: the send-back (and the client's fallback send to the retry topic) is refused, so the client
        // consumes the original again and keeps the queue's offset before it
        awaitTrue("the original consumed twice", Duration.ofSeconds(60),
                () -> deliveries.stream().filter(d -> !d.retryCopy()).count() >= 2);
        assertTrue(cluster.committedOffset(cluster.brokerAddr(), GROUP, TOPIC, 0) < 1,
                "the offset never passed a message whose retry copy no slave holds");

        slave = new Broker(slaveConfig()).start();
        awaitTrue("the slave replicating", Duration.ofSeconds(30),
                () -> runtimeInfo(cluster.brokerAddr()).contains("\"haSlaveCount\":\"1\""));

        awaitTrue("the offset to move past the original", Duration.ofSeconds(60),
                () -> cluster.committedOffset(cluster.brokerAddr(), GROUP, TOPIC, 0) == 1);
        awaitTrue("the retry copy delivered", Duration.ofSeconds(30),
                () -> deliveries.stream().anyMatch(d -> d.retryCopy() && d.body().equals("fails")));
        String info = runtimeInfo(cluster.brokerAddr());
        assertTrue(info.contains("fault."), "the refused internal writes are counted: " + info);
    }
}
