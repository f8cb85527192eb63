package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.tools.monitor.DeleteMsgsEvent;
import org.apache.rocketmq.tools.monitor.FailedMsgs;
import org.apache.rocketmq.tools.monitor.MonitorConfig;
import org.apache.rocketmq.tools.monitor.MonitorListener;
import org.apache.rocketmq.tools.monitor.MonitorService;
import org.apache.rocketmq.tools.monitor.UndoneMsgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mqadmin startMonitoring} is rocketmq-tools' {@link MonitorService} with a listener that logs: every round
 * it lists the topics, and for each consumer group (found by its {@code %RETRY%} topic) reports the messages not yet
 * consumed per topic and the running info of each online member. The command itself runs until killed and only
 * logs, so this test drives the same service for one round ({@code doMonitorWork}, what the command's timer calls
 * every 30 s) with a listener that records what it was told, and checks the figures against what was sent and
 * consumed: a suspended group's backlog, a group with none, and the members' running info.
 */
@Timeout(120)
class MonitorServiceCompatibilityTest {
    private static final String TOPIC = "MonitorTopic";

    @Test
    void oneMonitoringRoundReportsEachGroupsBacklogAndItsOnlineMembers() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            cluster.createTopic(TOPIC, 4);
            awaitTrue("route", Duration.ofSeconds(10), () -> cluster.routeExists(TOPIC));
            DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("monitor-pg"));
            producer.start();
            AtomicInteger idleReceived = new AtomicInteger();
            DefaultMQPushConsumer idle = consumer(cluster, "monitor-idle", idleReceived);
            AtomicInteger liveReceived = new AtomicInteger();
            DefaultMQPushConsumer live = consumer(cluster, "monitor-live", liveReceived);
            MonitorService monitor = null;
            try {
                send(producer, 40);
                awaitTrue("both groups consumed and committed the first 40", Duration.ofSeconds(30),
                        () -> committed(cluster, "monitor-idle") == 40 && committed(cluster, "monitor-live") == 40);
                // suspended, still online: the monitor (like RocketMQ's) reports only groups with a member online,
                // since it asks for the group's connections and skips a group whose answer is CONSUMER_NOT_ONLINE
                idle.suspend();
                send(producer, 25);
                awaitTrue("the live group consumed and committed all 65", Duration.ofSeconds(30),
                        () -> committed(cluster, "monitor-live") == 65);
                // pulls already in flight at suspend() still deliver; wait until all it received is committed
                awaitTrue("the suspended group committed what it received", Duration.ofSeconds(30),
                        () -> committed(cluster, "monitor-idle") == idleReceived.get());
                long idleBacklog = 65 - committed(cluster, "monitor-idle");
                assertTrue(idleBacklog > 0, "the suspended group has a backlog (received " + idleReceived + ")");

                RecordingListener seen = new RecordingListener();
                MonitorConfig config = new MonitorConfig();
                config.setNamesrvAddr(cluster.namesrvAddr());
                monitor = new MonitorService(config, seen, null);
                monitor.start();
                monitor.doMonitorWork();

                assertEquals(1, seen.rounds.get(), "one round begun and ended");
                UndoneMsgs idleUndone = seen.undone.get("monitor-idle|" + TOPIC);
                UndoneMsgs liveUndone = seen.undone.get("monitor-live|" + TOPIC);
                assertTrue(idleUndone != null && liveUndone != null, "both groups reported: " + seen.undone);
                assertEquals(idleBacklog, idleUndone.getUndoneMsgsTotal(), idleUndone.toString());
                assertTrue(idleUndone.getUndoneMsgsSingleMQ() > 0 && idleUndone.getUndoneMsgsSingleMQ() <= idleBacklog,
                        idleUndone.toString());
                assertEquals(0, liveUndone.getUndoneMsgsTotal(), liveUndone.toString());
                List<ConsumerRunningInfo> members = seen.runningInfo.stream()
                        .flatMap(t -> t.values().stream())
                        .filter(i -> i.getSubscriptionSet().stream().anyMatch(sub -> TOPIC.equals(sub.getTopic())))
                        .toList();
                assertEquals(2, members.size(), "running info of both groups' members: " + seen.runningInfo);
            } finally {
                if (monitor != null) {
                    monitor.shutdown();
                }
                live.shutdown();
                idle.shutdown();
                producer.shutdown();
            }
        }
    }

    private static DefaultMQPushConsumer consumer(TestCluster cluster, String group, AtomicInteger received)
            throws Exception {
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(group));
        c.subscribe(TOPIC, "*");
        c.setPersistConsumerOffsetInterval(200);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            received.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private static void send(DefaultMQProducer producer, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Message m = new Message(TOPIC, ("monitor-" + i).getBytes(StandardCharsets.UTF_8));
            assertEquals(SendStatus.SEND_OK, producer.send(m).getSendStatus());
        }
    }

    private static long committed(TestCluster cluster, String group) {
        long sum = 0;
        for (int q = 0; q < 4; q++) {
            sum += Math.max(0, cluster.committedOffset(cluster.brokerAddr(), group, TOPIC, q));
        }
        return sum;
    }

    /** What the monitor reported, as {@code startMonitoring}'s logging listener would have been told. */
    private static final class RecordingListener implements MonitorListener {
        final AtomicInteger rounds = new AtomicInteger();
        final Map<String, UndoneMsgs> undone = new ConcurrentHashMap<>();
        final List<TreeMap<String, ConsumerRunningInfo>> runningInfo = new CopyOnWriteArrayList<>();
        private boolean inRound;

        @Override
        public void beginRound() {
            inRound = true;
        }

        @Override
        public void reportUndoneMsgs(UndoneMsgs u) {
            undone.put(u.getConsumerGroup() + "|" + u.getTopic(), u);
        }

        @Override
        public void reportFailedMsgs(FailedMsgs failedMsgs) {
        }

        @Override
        public void reportDeleteMsgsEvent(DeleteMsgsEvent deleteMsgsEvent) {
        }

        @Override
        public void reportConsumerRunningInfo(TreeMap<String, ConsumerRunningInfo> criTable) {
            runningInfo.add(criTable);
        }

        @Override
        public void endRound() {
            if (inRound) {
                rounds.incrementAndGet();
            }
            inRound = false;
        }
    }
}
