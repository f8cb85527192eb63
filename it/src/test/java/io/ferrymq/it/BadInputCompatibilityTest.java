package io.ferrymq.it;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear response code and leaves the broker healthy: unknown topic, oversized message (official
 * producer) and malformed headers / bodies (raw remoting requests).
 */
@Timeout(120)
class BadInputCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQProducer producer;
    private static RemotingClient raw;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.maxMessageSize(64 * 1024));
        cluster.createTopic("GoodTopic", 2);
        producer = cluster.configure(new DefaultMQProducer("it-bad-pg"));
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        raw = new RemotingClient(new RemotingClientConfig().name("it-raw"));
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RemotingCommand sendV2(String topic, int queueId, byte[] body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "it-raw-pg").putExt("b", topic).putExt("c", "TBW102").putExt("d", "4")
                .putExt("e", Integer.toString(queueId)).putExt("f", "0").putExt("g", "1700000000000")
                .putExt("h", "0").putExt("i", "").putExt("j", "0").putExt("k", "false").putExt("m", "false")
                .body(body);
    }

    private static void assertBrokerHealthy() throws Exception {
        SendResult r = producer.send(new Message("GoodTopic", "still-ok".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SendStatus.SEND_OK, r.getSendStatus());
    }

    @Test
    void unknownTopic() throws Exception {
        MQClientException e = assertThrows(MQClientException.class,
                () -> producer.send(new Message("NoSuchTopic", "x".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("No route info"), e.getMessage());
        RemotingCommand resp = raw.invokeSync(cluster.brokerAddr(), sendV2("NoSuchTopic", 0, new byte[] {1}), 3000);
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, resp.code());
        assertTrue(resp.remark().contains("NoSuchTopic"), resp.remark());
        assertBrokerHealthy();
    }

    @Test
    void oversizedMessage() throws Exception {
        byte[] big = new byte[100 * 1024];
        new Random(1).nextBytes(big); // incompressible, so the client's compression cannot shrink it
        MQBrokerException e = assertThrows(MQBrokerException.class,
                () -> producer.send(new Message("GoodTopic", big)));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, e.getResponseCode());
        assertTrue(e.getErrorMessage().contains("maxMessageSize"), e.getErrorMessage());
        assertBrokerHealthy();
    }

    @Test
    void malformedHeadersAndBodies() throws Exception {
        RemotingCommand missingTopic = sendV2("GoodTopic", 0, new byte[] {1});
        missingTopic.extFields().remove("b");
        RemotingCommand resp = raw.invokeSync(cluster.brokerAddr(), missingTopic, 3000);
        assertEquals(ResponseCode.INVALID_PARAMETER, resp.code());
        assertTrue(resp.remark().contains("'b'"), resp.remark());

        RemotingCommand badQueue = sendV2("GoodTopic", 99, new byte[] {1});
        assertEquals(ResponseCode.INVALID_PARAMETER, raw.invokeSync(cluster.brokerAddr(), badQueue, 3000).code());

        RemotingCommand badTopicName = sendV2("bad topic!", 0, new byte[] {1});
        assertEquals(ResponseCode.INVALID_PARAMETER, raw.invokeSync(cluster.brokerAddr(), badTopicName, 3000).code());

        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "g").putExt("topic", "GoodTopic").putExt("queueId", "abc")
                .putExt("queueOffset", "0").putExt("maxMsgNums", "32").putExt("sysFlag", "2")
                .putExt("commitOffset", "0").putExt("suspendTimeoutMillis", "1000").putExt("subVersion", "0");
        resp = raw.invokeSync(cluster.brokerAddr(), pull, 3000);
        assertEquals(ResponseCode.INVALID_PARAMETER, resp.code());
        assertTrue(resp.remark().contains("queueId"), resp.remark());

        RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT)
                .body("{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(ResponseCode.INVALID_PARAMETER, raw.invokeSync(cluster.brokerAddr(), heartbeat, 3000).code());

        RemotingCommand batch = sendV2("GoodTopic", 0, new byte[] {0, 0, 0, 99, 1, 2});
        batch.putExt("m", "true");
        batch.code(RequestCode.SEND_BATCH_MESSAGE);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, raw.invokeSync(cluster.brokerAddr(), batch, 3000).code());

        RemotingCommand unknown = RemotingCommand.request(9999);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                raw.invokeSync(cluster.brokerAddr(), unknown, 3000).code());
        assertBrokerHealthy();
    }
}
