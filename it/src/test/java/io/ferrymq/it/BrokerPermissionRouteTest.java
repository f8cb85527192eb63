package io.ferrymq.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.*;

/**
 * brokerPermission changed at run time (the rolling-upgrade step of docs/deployment.md) reaches the routes at
 * once: read-only (4) removes the broker from producers' writable queues, read-write (6) brings it back.
 */
@Timeout(90)
class BrokerPermissionRouteTest {
    private static int routePerm(DefaultMQAdminExt admin, String topic) {
        try {
            return admin.examineTopicRouteInfo(topic).getQueueDatas().get(0).getPerm();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void setPermission(DefaultMQAdminExt admin, String broker, int perm) throws Exception {
        Properties p = new Properties();
        p.setProperty("brokerPermission", Integer.toString(perm));
        admin.updateBrokerConfig(broker, p);
    }

    @Test
    void readOnlyBrokerLeavesTheRoutesWritableAgainComesBack() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            cluster.createTopic("PermTopic", 2);
            DefaultMQAdminExt admin = cluster.configure(new DefaultMQAdminExt());
            admin.start();
            DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("perm-pg"));
            producer.start();
            try {
                awaitTrue("route RW", Duration.ofSeconds(10), () -> routePerm(admin, "PermTopic") == 6);

                setPermission(admin, cluster.brokerAddr(), 4);
                awaitTrue("route read-only", Duration.ofSeconds(10), () -> routePerm(admin, "PermTopic") == 4);
                awaitTrue("the producer to see no writable queue", Duration.ofSeconds(10), () -> {
                    try {
                        producer.send(new Message("PermTopic", "x".getBytes(StandardCharsets.UTF_8)));
                        return false;
                    } catch (Exception e) {
                        return true;
                    }
                });

                setPermission(admin, cluster.brokerAddr(), 6);
                awaitTrue("route RW again", Duration.ofSeconds(10), () -> routePerm(admin, "PermTopic") == 6);
                awaitTrue("sends to succeed again", Duration.ofSeconds(10), () -> {
                    try {
                        return producer.send(new Message("PermTopic", "y".getBytes(StandardCharsets.UTF_8)))
                                .getSendStatus() == SendStatus.SEND_OK;
                    } catch (Exception e) {
                        return false;
                    }
                });
            } finally {
                producer.shutdown();
                admin.shutdown();
            }
        }
    }
}
