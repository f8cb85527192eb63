package io.ferrymq.it;

import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.acl.SigningHook;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACL on at the name server and the broker: the official client 5.3.3 signing with
 * {@code AclClientRPCHook(new SessionCredentials(ak, sk))} and our client with {@code credentials(ak, sk)} are served
 * exactly as their accounts allow; unsigned, unknown and badly signed requests are refused with NO_PERMISSION and a
 * remark naming what was wrong; admin requests need an admin account; the ACL file is reloaded when it changes.
 */
@Timeout(180)
class AclCompatibilityTest {
    private static final String TOPIC = "AclTopic";
    private static final String ACL = """
            accounts:
              - accessKey: it-admin
                secretKey: it-admin-secret
                admin: true
              - accessKey: it-broker
                secretKey: it-broker-secret
                admin: true
                whiteRemoteAddress: 127.0.0.1
              - accessKey: orders-app
                secretKey: orders-secret
                defaultTopicPerm: DENY
                defaultGroupPerm: DENY
                topicPerms: [AclTopic=PUB|SUB, AclReload=SUB]
                groupPerms: [acl-consumers=SUB, acl-ferry-consumers=SUB]
            """;

    private static TestCluster cluster;
    private static Path aclFile;
    private static DefaultMQAdminExt admin;
    private static RemotingClient raw;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("ferrymq-it-acl-");
        aclFile = dir.resolve("plain_acl.yml");
        Files.writeString(aclFile, ACL);
        cluster = TestCluster.start(dir, ns -> ns.aclEnable(true).aclFile(aclFile.toString()),
                b -> b.aclEnable(true).aclFile(aclFile.toString()).innerCredentials("it-broker", "it-broker-secret"),
                new Credentials("it-admin", "it-admin-secret"));
        admin = cluster.configure(new DefaultMQAdminExt(new AclClientRPCHook(
                new SessionCredentials("it-admin", "it-admin-secret")), 5000));
        admin.start();
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig(TOPIC, 2, 2, 6));
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig("AclReload", 1, 1, 6));
        awaitTrue("route of " + TOPIC, Duration.ofSeconds(10), () -> cluster.routeExists(TOPIC));
        raw = new RemotingClient(new RemotingClientConfig().name("it-acl-raw"));
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DefaultMQProducer officialProducer(String group, String ak, String sk) {
        return cluster.configure(ak == null ? new DefaultMQProducer(group)
                : new DefaultMQProducer(group, new AclClientRPCHook(new SessionCredentials(ak, sk))));
    }

    @Test
    void officialClientWithTheSigningHookProducesAndConsumes() throws Exception {
        DefaultMQProducer producer = officialProducer("acl-pg", "orders-app", "orders-secret");
        DefaultMQPushConsumer consumer = cluster.configure(new DefaultMQPushConsumer("acl-consumers",
                new AclClientRPCHook(new SessionCredentials("orders-app", "orders-secret")),
                new org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely()));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long refusedBefore = cluster.broker().accessGate().refused();
        try {
            producer.start();
            for (int i = 0; i < 10; i++) {
                SendResult r = producer.send(new Message(TOPIC, ("official-" + i).getBytes(StandardCharsets.UTF_8)));
                assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            }
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(m -> seen.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            awaitTrue("10 official messages consumed", Duration.ofSeconds(30),
                    () -> seen.stream().filter(s -> s.startsWith("official-")).count() == 10);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
        assertEquals(refusedBefore, cluster.broker().accessGate().refused(), "no refusal on the happy path");
    }

    @Test
    void ourClientWithCredentialsProducesAndConsumes() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (Producer p = new Producer(new ProducerConfig().group("acl-ferry-pg").nameServers(cluster.namesrvAddr())
                .pollNameServerIntervalMillis(500).credentials("orders-app", "orders-secret")).start()) {
            for (int i = 0; i < 5; i++) {
                p.send(new io.ferrymq.client.Message(TOPIC, ("ferry-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        PushConsumer c = new PushConsumer(new PushConsumerConfig().group("acl-ferry-consumers")
                .nameServers(cluster.namesrvAddr()).pollNameServerIntervalMillis(500)
                .heartbeatBrokerIntervalMillis(500).rebalanceIntervalMillis(500)
                .consumeFromWhere(io.ferrymq.client.consumer.ConsumeFromWhere.FIRST_OFFSET)
                .credentials("orders-app", "orders-secret"));
        c.subscribe(TOPIC, "*");
        c.registerListener((io.ferrymq.client.consumer.MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> seen.add(new String(m.body(), StandardCharsets.UTF_8)));
            return io.ferrymq.client.consumer.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try {
            c.start();
            awaitTrue("5 ferry messages consumed", Duration.ofSeconds(30),
                    () -> seen.stream().filter(s -> s.startsWith("ferry-")).count() == 5);
        } finally {
            c.close();
        }
    }

    @Test
    void unsignedUnknownAndWronglySignedRequestsAreRefusedNamingWhy() throws Exception {
        RemotingCommand route = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", TOPIC);
        RemotingCommand r = raw.invokeSync(cluster.namesrvAddr(), route, 5000);
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertTrue(r.remark().contains("carries no AccessKey"), r.remark());

        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExt("a", "pg")
                .putExt("b", TOPIC).putExt("c", "TBW102").putExt("d", "4").putExt("e", "0").putExt("f", "0")
                .putExt("g", Long.toString(System.currentTimeMillis())).putExt("h", "0").putExt("i", "")
                .putExt("j", "0").putExt("k", "false").body("x".getBytes(StandardCharsets.UTF_8));
        long maxBefore = cluster.broker().store().maxOffset(TOPIC, 0) + cluster.broker().store().maxOffset(TOPIC, 1);

        r = raw.invokeSync(cluster.brokerAddr(), send, 5000);
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertTrue(r.remark().contains("carries no AccessKey"), r.remark());

        SigningHook.sign(send, new Credentials("nobody", "nobody-secret"));
        r = raw.invokeSync(cluster.brokerAddr(), send, 5000);
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertTrue(r.remark().contains("unknown AccessKey 'nobody'"), r.remark());

        SigningHook.sign(send, new Credentials("orders-app", "wrong-secret"));
        r = raw.invokeSync(cluster.brokerAddr(), send, 5000);
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertTrue(r.remark().contains("signature mismatch for AccessKey 'orders-app'"), r.remark());
        assertFalse(r.remark().contains("orders-secret"));

        long maxAfter = cluster.broker().store().maxOffset(TOPIC, 0) + cluster.broker().store().maxOffset(TOPIC, 1);
        assertEquals(maxBefore, maxAfter, "no refused send was stored");

        // the official producer with a wrong secret cannot send either
        DefaultMQProducer bad = officialProducer("acl-bad-pg", "orders-app", "wrong-secret");
        try {
            bad.start();
            assertThrows(Exception.class, () -> bad.send(new Message(TOPIC, "x".getBytes(StandardCharsets.UTF_8))));
        } finally {
            bad.shutdown();
        }
    }

    @Test
    void permissionsAreEnforcedPerTopicAndAdminRequestsNeedAnAdmin() throws Exception {
        DefaultMQAdminExt appAdmin = cluster.configure(new DefaultMQAdminExt(new AclClientRPCHook(
                new SessionCredentials("orders-app", "orders-secret")), 5000));
        try {
            appAdmin.start();
            MQClientException e = assertThrows(MQClientException.class,
                    () -> appAdmin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig("Sneaky", 1, 1, 6)));
            assertEquals(ResponseCode.NO_PERMISSION, e.getResponseCode());
            assertTrue(e.getErrorMessage().contains("is an admin request and AccessKey 'orders-app' is not an admin"),
                    e.getErrorMessage());
            java.util.Properties perm = new java.util.Properties();
            perm.setProperty("brokerPermission", "2");
            MQBrokerException be = assertThrows(MQBrokerException.class,
                    () -> appAdmin.updateBrokerConfig(cluster.brokerAddr(), perm));
            assertEquals(ResponseCode.NO_PERMISSION, be.getResponseCode());
            assertTrue(be.getErrorMessage().contains("is an admin request"), be.getErrorMessage());
            assertEquals("6", admin.getBrokerConfig(cluster.brokerAddr()).getProperty("brokerPermission"));
        } finally {
            appAdmin.shutdown();
        }
        // SUB only on AclReload: a send is refused, naming the topic and the permission
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExt("a", "pg")
                .putExt("b", "AclReload").body("x".getBytes(StandardCharsets.UTF_8));
        SigningHook.sign(send, new Credentials("orders-app", "orders-secret"));
        RemotingCommand r = raw.invokeSync(cluster.brokerAddr(), send, 5000);
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertTrue(r.remark().contains("has no PUB on topic 'AclReload' (granted: SUB"), r.remark());
    }

    @Test
    void aclFileChangesApplyWithoutRestartAndABrokenFileKeepsTheLastGoodRules() throws Exception {
        Credentials reader = new Credentials("late-reader", "late-reader-secret");
        RemotingCommand route = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", TOPIC);
        raw.setRequestHook(null);
        RemotingCommand signed = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", TOPIC);
        SigningHook.sign(signed, reader);
        assertEquals(ResponseCode.NO_PERMISSION, raw.invokeSync(cluster.namesrvAddr(), signed, 5000).code());

        AclFile.write(aclFile, io.ferrymq.remoting.acl.AclRules.parse(ACL).with(new io.ferrymq.remoting.acl.AclAccount(
                "late-reader", "late-reader-secret", false, false, io.ferrymq.remoting.acl.AddressPattern.ANY,
                io.ferrymq.remoting.acl.Perm.SUB, io.ferrymq.remoting.acl.Perm.DENY, java.util.List.of(),
                java.util.List.of())));
        bumpMtime();
        awaitTrue("the name server to accept the new account", Duration.ofSeconds(20), () -> {
            try {
                RemotingCommand again = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                        .putExt("topic", TOPIC);
                SigningHook.sign(again, reader);
                return raw.invokeSync(cluster.namesrvAddr(), again, 5000).code() == ResponseCode.SUCCESS;
            } catch (Exception e) {
                return false;
            }
        });

        Files.writeString(aclFile, "accounts: [ {accessKey: broken");
        bumpMtime();
        awaitTrue("the broken file reported", Duration.ofSeconds(20),
                () -> !cluster.nameServer().faults().healthy());
        RemotingCommand still = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", TOPIC);
        SigningHook.sign(still, reader);
        assertEquals(ResponseCode.SUCCESS, raw.invokeSync(cluster.namesrvAddr(), still, 5000).code(),
                "the last good rules stay in force");

        Files.writeString(aclFile, ACL);
        bumpMtime();
        awaitTrue("recovered", Duration.ofSeconds(20), () -> cluster.nameServer().faults().healthy());
    }

    /** Some file systems keep whole-second mtimes: make every rewrite visible as a change. */
    private static void bumpMtime() throws Exception {
        Files.setLastModifiedTime(aclFile, FileTime.fromMillis(System.currentTimeMillis() + (long) (Math.random() * 1e6)));
    }
}
