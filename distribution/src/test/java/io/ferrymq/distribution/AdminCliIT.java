package io.ferrymq.distribution;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.broker.Broker;
import io.ferrymq.distribution.admin.AdminMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Every ferry-admin command against a name server and broker running in this JVM, and its bad-argument errors. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminCliIT {
    private static final String CLUSTER = "CliCluster";
    private static InJvmCluster cluster;
    private static Broker broker;
    private static String ns;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InJvmCluster.start(CLUSTER, "broker-cli", cfg -> cfg.traceTopicEnable(true));
        broker = cluster.broker();
        ns = cluster.nameServerAddress();
        Run r = admin("waitCluster", "-n", ns, "--groups", "1", "--replicas", "1", "--timeout-seconds", "30");
        assertEquals(0, r.code, r.err);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Run ok(String... args) {
        Run r = admin(args);
        assertEquals(0, r.code, "ferry-admin " + String.join(" ", args) + " failed: " + r.err);
        return r;
    }

    static void assertOneLineError(Run r, int code, String... fragments) {
        assertEquals(code, r.code, "exit code; out=" + r.out + " err=" + r.err);
        String line = r.err.strip();
        assertFalse(line.contains("\n"), "one line: " + r.err);
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + line + "' names '" + f + "'");
        }
    }

    static void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    void clusterListShowsTheBrokerAsMaster() {
        Run r = ok("clusterList", "-n", ns);
        assertTrue(r.out.contains(CLUSTER) && r.out.contains("broker-cli") && r.out.contains("MASTER")
                && r.out.contains(broker.address()), r.out);
        JSONArray json = JSON.parseArray(ok("clusterList", "-n", ns, "--json").out);
        assertEquals("broker-cli", json.getJSONObject(0).getString("brokerName"));
        assertEquals(0, json.getJSONObject(0).getIntValue("brokerId"));
    }

    @Test
    @Order(2)
    void brokerStatusPrintsRuntimeFigures() {
        Run r = ok("brokerStatus", "-n", ns, "-b", broker.address());
        assertTrue(r.out.contains("brokerVersionDesc"), r.out);
        JSONObject json = JSON.parseObject(ok("brokerStatus", "-n", ns, "-b", broker.address(), "--json").out);
        assertTrue(json.containsKey("commitLogMaxOffset"), json.toString());
        assertEquals("0", json.getString("storeUnconsumedMessagesDeleted"), json.toString());
        assertEquals("false", json.getString("storeDiskFull"), json.toString());
    }

    @Test
    @Order(3)
    void updateTopicThenListRouteAndStatus() throws Exception {
        ok("updateTopic", "-n", ns, "-c", CLUSTER, "-t", "CliTopic", "-r", "4", "-w", "4");
        await(() -> admin("topicList", "-n", ns).out.contains("CliTopic"), "topic in the name server");
        Run route = ok("topicRoute", "-n", ns, "-t", "CliTopic");
        assertTrue(route.out.contains("broker-cli") && route.out.contains("RW-"), route.out);
        Run status = ok("topicStatus", "-n", ns, "-t", "CliTopic", "--json");
        assertEquals(4, JSON.parseArray(status.out).size(), status.out);

        ok("updateTopic", "-n", ns, "-b", broker.address(), "-t", "CliTopic", "-r", "6", "-w", "6");
        await(() -> JSON.parseArray(admin("topicStatus", "-n", ns, "-t", "CliTopic", "--json").out).size() == 6,
                "queue count to grow to 6");
    }

    @Test
    @Order(4)
    void sendThenFindByKeyIdAndOffsetThenConsume() throws Exception {
        Run sent = ok("sendMessage", "-n", ns, "-t", "CliTopic", "-p", "hello cli", "-k", "cli-key-1", "-c", "TagA",
                "--json");
        JSONObject s = JSON.parseObject(sent.out);
        assertEquals("SEND_OK", s.getString("status"));
        String offsetMsgId = s.getString("offsetMsgId");
        await(() -> admin("queryMsgByKey", "-n", ns, "-t", "CliTopic", "-k", "cli-key-1").code == 0, "key index");
        Run byKey = ok("queryMsgByKey", "-n", ns, "-t", "CliTopic", "-k", "cli-key-1");
        assertTrue(byKey.out.contains("hello cli"), byKey.out);
        Run byId = ok("queryMsgById", "-n", ns, "-t", "CliTopic", "-i", offsetMsgId);
        assertTrue(byId.out.contains("hello cli") && byId.out.contains("cli-key-1"), byId.out);
        Run byUniq = ok("queryMsgById", "-n", ns, "-t", "CliTopic", "-i", s.getString("msgId"));
        assertTrue(byUniq.out.contains("hello cli"), byUniq.out);
        Run byOffset = ok("queryMsgByOffset", "-n", ns, "-t", "CliTopic", "-b", s.getString("brokerName"),
                "-i", s.getString("queueId"), "-o", s.getString("queueOffset"));
        assertTrue(byOffset.out.contains("hello cli"), byOffset.out);

        Run consumed = ok("consumeMessage", "-n", ns, "-t", "CliTopic", "-g", "cli-group", "-c", "1",
                "--wait-seconds", "10");
        assertTrue(consumed.out.contains("hello cli") && consumed.out.contains("1 message(s)"), consumed.out);
    }

    @Test
    @Order(4)
    void queryMsgTraceShowsSendAndConsumeOfATracedMessage() throws Exception {
        org.apache.rocketmq.client.producer.DefaultMQProducer producer =
                new org.apache.rocketmq.client.producer.DefaultMQProducer("cli-trace-pg", true, null);
        producer.setNamesrvAddr(ns);
        producer.setInstanceName("cli-trace-" + System.nanoTime());
        org.apache.rocketmq.client.consumer.DefaultMQPushConsumer consumer =
                new org.apache.rocketmq.client.consumer.DefaultMQPushConsumer("cli-trace-cg", true, null);
        consumer.setNamesrvAddr(ns);
        consumer.setInstanceName("cli-trace-" + System.nanoTime());
        try {
            ok("updateTopic", "-n", ns, "-c", CLUSTER, "-t", "CliTraceTopic", "-r", "1", "-w", "1");
            await(() -> admin("topicRoute", "-n", ns, "-t", "CliTraceTopic").code == 0, "trace test topic routed");
            producer.start();
            String msgId = producer.send(new org.apache.rocketmq.common.message.Message("CliTraceTopic", "TagTrace",
                    "traced".getBytes(java.nio.charset.StandardCharsets.UTF_8))).getMsgId();
            consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe("CliTraceTopic", "TagTrace");
            consumer.registerMessageListener((org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently)
                    (msgs, ctx) -> org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            consumer.start();
            await(() -> {
                Run r = admin("queryMsgTrace", "-n", ns, "-i", msgId);
                return r.code == 0 && r.out.contains("CONSUMED");
            }, "send and consume trace records");
            Run r = ok("queryMsgTrace", "-n", ns, "-i", msgId);
            assertTrue(r.out.contains("Message " + msgId + " (trace topic RMQ_SYS_TRACE_TOPIC)"), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("SENT\\s+\\S+\\s+cli-trace-pg\\s+.*topic CliTraceTopic tags TagTrace.*success.*")), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("STORED\\s+\\S+\\s+\\S+\\s+127\\.0\\.0\\.1:\\d+\\s+queue \\d+ offset \\d+.*")), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("DELIVERED\\s+\\S+\\s+cli-trace-cg\\s+.*reconsume 0.*")), r.out);
            assertTrue(r.out.lines().anyMatch(l -> l.matches("CONSUMED\\s+\\S+\\s+cli-trace-cg\\s+.*success \\(SUCCESS\\).*")), r.out);
            JSONObject json = JSON.parseObject(ok("queryMsgTrace", "-n", ns, "-i", msgId, "--json").out);
            assertEquals(msgId, json.getString("msgId"));
            assertEquals("CliTraceTopic", json.getJSONObject("stored").getString("topic"));

            Run none = admin("queryMsgTrace", "-n", ns, "-i", "0000000000000000000000000000DEAD");
            assertOneLineError(none, 1, "no trace of message 0000000000000000000000000000DEAD", "enableMsgTrace");
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    @Order(5)
    void consumerProgressResetAndDeleteGroup() throws Exception {
        await(() -> {
            Run p = admin("consumerProgress", "-n", ns, "-g", "cli-group", "--json");
            return p.code == 0 && JSON.parseObject(p.out).getLongValue("totalLag") == 0;
        }, "the committed offset of cli-group");
        Run reset = ok("resetOffsetByTime", "-n", ns, "-g", "cli-group", "-t", "CliTopic", "-s", "0", "--json");
        assertFalse(reset.out.isBlank());
        Run p = ok("consumerProgress", "-n", ns, "-g", "cli-group", "--json");
        assertEquals(1, JSON.parseObject(p.out).getLongValue("totalLag"), "after the reset the message is unconsumed again");
        assertOneLineError(admin("consumerConnection", "-n", ns, "-g", "cli-group"), 1, "consumerConnection");
        ok("deleteSubGroup", "-n", ns, "-c", CLUSTER, "-g", "cli-group");
    }

    @Test
    @Order(6)
    void brokerConfigReadAndChange() {
        Run get = ok("getBrokerConfig", "-n", ns, "-b", broker.address());
        assertTrue(get.out.contains("brokerName") && get.out.contains("broker-cli"), get.out);
        ok("updateBrokerConfig", "-n", ns, "-b", broker.address(), "-k", "autoCreateSubscriptionGroup", "-v", "false");
        assertTrue(ok("getBrokerConfig", "-n", ns, "-c", CLUSTER).out.matches("(?s).*autoCreateSubscriptionGroup\\s+false.*"));
        ok("updateBrokerConfig", "-n", ns, "-c", CLUSTER, "-k", "autoCreateSubscriptionGroup", "-v", "true");
        assertOneLineError(admin("updateBrokerConfig", "-n", ns, "-b", broker.address(), "-k", "noSuchKey", "-v", "1"),
                1, "noSuchKey");
    }

    @Test
    @Order(7)
    void deleteTopicRemovesItsRoute() throws Exception {
        ok("deleteTopic", "-n", ns, "-c", CLUSTER, "-t", "CliTopic");
        await(() -> admin("topicRoute", "-n", ns, "-t", "CliTopic").code == 1, "the route to disappear");
        assertOneLineError(admin("topicRoute", "-n", ns, "-t", "CliTopic"), 1, "CliTopic");
    }

    @Test
    void badArgumentsGiveOneClearLineAndExitCode2() {
        assertOneLineError(admin("topicRoute", "-n", ns), 2, "--topic");
        assertOneLineError(admin("noSuchCommand"), 2, "noSuchCommand");
        assertOneLineError(admin("updateTopic", "-n", ns, "-c", CLUSTER, "-t", "T", "-r", "many"), 2, "many");
        assertOneLineError(admin("updateTopic", "-n", ns, "-t", "T"), 2, "cluster", "broker");
        assertOneLineError(admin("updateTopic", "-n", ns, "-c", CLUSTER, "-t", "T", "-p", "9"), 1, "--perm");
        assertOneLineError(admin("resetOffsetByTime", "-n", ns, "-g", "g", "-t", "T", "-s", "yesterday"), 1, "yesterday");
        assertOneLineError(admin("consumeMessage", "-n", ns, "-t", "T", "--from", "middle"), 1, "middle");
        assertOneLineError(admin("updateTopic", "-n", ns, "-c", CLUSTER, "-t", "bad topic!"), 1, "bad topic!");
        assertEquals(2, admin().code, "no command");
    }

    @Test
    void unreachableNameServerIsOneLine() {
        assertOneLineError(admin("clusterList", "-n", "127.0.0.1:1", "--timeout", "1000"), 1, "clusterList");
        assertOneLineError(admin("waitCluster", "-n", ns, "--groups", "5", "--timeout-seconds", "1"), 1, "timed out");
    }

    @Test
    void everyCommandHasHelp() {
        String[] commands = {"clusterList", "brokerStatus", "topicList", "topicRoute", "topicStatus", "updateTopic",
            "deleteTopic", "consumerProgress", "consumerConnection", "resetOffsetByTime", "deleteSubGroup",
            "queryMsgById", "queryMsgByKey", "queryMsgByOffset", "sendMessage", "consumeMessage",
            "updateBrokerConfig", "getBrokerConfig", "waitCluster", "demo"};
        for (String c : commands) {
            Run r = ok(c, "--help");
            assertTrue(r.out.contains("Usage: ferry-admin " + c) && r.out.contains("--namesrvAddr"), r.out);
        }
        assertTrue(ok("--help").out.contains("clusterList"));
    }
}
