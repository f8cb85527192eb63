package io.ferrymq.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code autoCreateTopicEnable=true} the broker registers TBW102 (perm 7); the official producer falls back
 * to its route for an unknown topic and the broker creates the topic on first send and registers it.
 */
@Timeout(60)
class AutoCreateTopicCompatibilityTest {
    @Test
    void firstSendToUnknownTopicCreatesIt() throws Exception {
        try (TestCluster cluster = TestCluster.start(c -> c.autoCreateTopicEnable(true))) {
            assertTrue(cluster.routeExists("TBW102"));
            DefaultMQProducer p = cluster.configure(new DefaultMQProducer("it-auto-pg"));
            p.start();
            try {
                SendResult r = p.send(new Message("BrandNewTopic", "x".getBytes(StandardCharsets.UTF_8)));
                assertEquals(SendStatus.SEND_OK, r.getSendStatus());
                TestCluster.awaitTrue("auto-created topic routed", Duration.ofSeconds(10),
                        () -> cluster.routeExists("BrandNewTopic"));
            } finally {
                p.shutdown();
            }
        }
    }
}
