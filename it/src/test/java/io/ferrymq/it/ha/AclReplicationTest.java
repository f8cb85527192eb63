package io.ferrymq.it.ha;

import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.ha.ReplicationProtocol;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A master/slave group with ACL on everywhere, across processes: the slave's replication handshake and metadata
 * sync are signed with the brokers' inner account; the official client 5.3.3 with {@code AclClientRPCHook} sends
 * and consumes; a stranger on the replication port gets nothing; after the master is killed, a new consumer group
 * reads every message from the slave.
 */
@Tag("ha")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AclReplicationTest {
    private static final String TOPIC = "AclHaTopic";
    private static final String GROUP = "acl-ha-consumer";
    private static final String LATE_GROUP = "acl-ha-late-consumer";
    private static final String APP_SECRET = "orders-app-secret";

    @TempDir
    Path dir;

    @Test
    void aSignedSlaveReplicatesAndServesReadsAfterTheMasterDies() throws Exception {
        Path acl = Files.writeString(dir.resolve("plain_acl.yml"), """
                accounts:
                  - accessKey: ferry-admin
                    secretKey: admin-secret-1
                    admin: true
                  - accessKey: ferry-broker
                    secretKey: inner-secret-1
                    admin: true
                  - accessKey: orders-app
                    secretKey: %s
                    defaultTopicPerm: DENY
                    defaultGroupPerm: DENY
                    topicPerms: [%s=PUB|SUB]
                    groupPerms: [%s=SUB, %s=SUB]
                """.formatted(APP_SECRET, TOPIC, GROUP, LATE_GROUP));
        Map<String, String> aclOn = Map.of("aclEnable", "true", "aclFile", acl.toString());
        Map<String, String> broker = Map.of("aclEnable", "true", "aclFile", acl.toString(),
                "innerAccessKey", "ferry-broker", "innerSecretKey", "inner-secret-1");
        try (ProcessCluster cluster = ProcessCluster.start("acl", 1, "127.0.0.1", aclOn,
                new io.ferrymq.remoting.acl.Credentials("ferry-admin", "admin-secret-1"))) {
            try {
                ProcessCluster.BrokerNode master = cluster.broker("broker-a", 0, "ASYNC_MASTER", broker);
                ProcessCluster.BrokerNode slave = cluster.broker("broker-a", 1, "SLAVE", broker);
                cluster.startAll(master, slave);
                cluster.createTopic(TOPIC, 4, master);
                TestCluster.awaitTrue("the slave's signed metadata sync to copy the topic", Duration.ofSeconds(30),
                        () -> cluster.hasTopic(slave, TOPIC));
                TestCluster.awaitTrue("the master to see its signed slave", Duration.ofSeconds(30),
                        () -> "1".equals(cluster.runtimeInfo(master).get("haSlaveCount")));

                AclClientRPCHook app = new AclClientRPCHook(new SessionCredentials("orders-app", APP_SECRET));
                DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("acl-ha-producer", app));
                producer.start();
                Set<String> sent = new HashSet<>();
                try {
                    for (int i = 0; i < 30; i++) {
                        String body = "acl-ha-" + i;
                        assertEquals(SendStatus.SEND_OK, producer.send(new Message(TOPIC,
                                body.getBytes(StandardCharsets.UTF_8)), 10_000).getSendStatus());
                        sent.add(body);
                    }
                } finally {
                    producer.shutdown();
                }
                assertEquals(sent, consume(cluster, GROUP, app, sent.size()), "consumed from the master");

                // a stranger on the master's replication port gets refusals, not commit-log bytes
                RemotingClient stranger = new RemotingClient(new RemotingClientConfig().name("ha-stranger"));
                try {
                    String ha = "127.0.0.1:" + master.haPort;
                    RemotingCommand pull = stranger.invokeSync(ha, RemotingCommand.request(
                            ReplicationProtocol.HA_PULL).putExt(ReplicationProtocol.OFFSET, "0"), 5000);
                    assertEquals(ResponseCode.NO_PERMISSION, pull.code());
                    assertNull(pull.body());
                    RemotingCommand unsigned = stranger.invokeSync(ha, RemotingCommand.request(
                            ReplicationProtocol.HA_HANDSHAKE).putExt(ReplicationProtocol.CLUSTER, ProcessCluster.CLUSTER)
                            .putExt(ReplicationProtocol.BROKER_NAME, "broker-a")
                            .putExt(ReplicationProtocol.BROKER_ID, "7"), 5000);
                    assertEquals(ResponseCode.NO_PERMISSION, unsigned.code(), "ACL on: the handshake must be signed");
                } finally {
                    stranger.shutdown();
                }
                assertTrue(Long.parseLong(cluster.runtimeInfo(master).getOrDefault("fault.ha.stranger_refused",
                        "0")) >= 2, () -> "master figures: " + cluster.runtimeInfo(master));

                cluster.awaitCaughtUp(master, slave, Duration.ofSeconds(30));
                master.jvm.kill9();
                assertEquals(sent, consume(cluster, LATE_GROUP, app, sent.size()),
                        "a new group reads everything from the slave after the master died");
            } catch (Throwable e) {
                System.out.println(cluster.logTails(40));
                throw e;
            }
        }
    }

    /** Consumes with a new push consumer signed by {@code hook} until {@code n} distinct bodies arrived. */
    private static Set<String> consume(ProcessCluster cluster, String group, AclClientRPCHook hook, int n)
            throws Exception {
        Set<String> got = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(group, hook,
                new AllocateMessageQueueAveragely()));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(TOPIC, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                got.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            TestCluster.awaitTrue(group + " to consume " + n + " messages", Duration.ofSeconds(60),
                    () -> got.size() >= n);
        } finally {
            c.shutdown();
        }
        return new HashSet<>(got);
    }
}
