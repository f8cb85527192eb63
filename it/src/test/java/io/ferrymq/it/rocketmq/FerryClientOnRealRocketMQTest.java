package io.ferrymq.it.rocketmq;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.ClusterView;
import io.ferrymq.client.admin.ConsumerConnections;
import io.ferrymq.client.admin.ConsumerProgress;
import io.ferrymq.client.admin.ConsumerRuntime;
import io.ferrymq.client.admin.QueueProgress;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.client.admin.TopicRouteInfo;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.Replies;
import io.ferrymq.client.producer.RequestTimeoutException;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.ferrymq.it.rocketmq.RealRocketMQ.BROKER_NAME;
import static io.ferrymq.it.rocketmq.RealRocketMQ.CLUSTER;
import static io.ferrymq.it.rocketmq.RealRocketMQ.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our client (producer, push and lite pull consumers, request/reply, admin) against the real Apache RocketMQ
 * 5.3.3 name server and broker, each in its own JVM ({@link RealRocketMQ}), started once for the class.
 * Every test uses its own topics and groups.
 */
class FerryClientOnRealRocketMQTest {
    private static final Duration ROUTE_WAIT = Duration.ofSeconds(40); // > one 10 s re-registration period
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RealRocketMQ rmq;
    private static AdminClient admin;
    private static String skipReason;

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // includes a first-time fetch from Maven Central
    static void startRealRocketMQ() throws Exception {
        try {
            rmq = RealRocketMQ.start();
        } catch (TestAbortedException e) {
            // no mvn to fetch RocketMQ: report every test as skipped with the reason (an abort in @BeforeAll
            // would show up in Surefire's summary as "Tests run: 0")
            skipReason = e.getMessage();
            return;
        }
        admin = new AdminClient(new AdminConfig().nameServers(rmq.namesrvAddr())).start();
    }

    @BeforeEach
    void skipWithoutRealRocketMQ() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void stopRealRocketMQ() {
        if (admin != null) {
            admin.shutdown();
        }
        if (rmq != null) {
            rmq.close();
        }
    }

    // ------------------------------------------------------------------ admin

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void adminSeesClusterCreatesUpdatesAndDeletesTopics() {
        ClusterView view = admin.clusterInfo();
        assertEquals(Set.of(BROKER_NAME), view.clusters().get(CLUSTER), "clusters: " + view.clusters());
        BrokerGroup group = view.brokers().get(BROKER_NAME);
        assertNotNull(group, "broker groups: " + view.brokers());
        assertEquals(CLUSTER, group.cluster());
        assertEquals(Map.of(0L, rmq.brokerAddr()), group.addresses());
        assertEquals(rmq.brokerAddr(), group.master());
        assertEquals(List.of(group), admin.brokersOf(CLUSTER));

        Map<String, String> runtime = admin.brokerRuntimeInfo(rmq.brokerAddr());
        assertEquals("V5_3_3", runtime.get("brokerVersionDesc"), "runtime info: " + runtime.keySet());

        String topic = "RealAdminTopic";
        createTopic(topic, 3);
        TopicRouteInfo route = admin.topicRoute(topic);
        assertEquals(topic, route.topic());
        assertEquals(List.of(new TopicRouteInfo.Queues(BROKER_NAME, 3, 3, AdminClient.PERM_READ_WRITE)),
            route.queues());
        assertEquals(1, route.brokers().size(), "route brokers: " + route.brokers());
        assertEquals(rmq.brokerAddr(), route.brokers().get(0).master());
        assertTrue(admin.topics().contains(topic), "name server topic list lacks " + topic);
        assertTrue(admin.topics().contains(CLUSTER + Replies.REPLY_TOPIC_SUFFIX));
        assertEquals(3, admin.readQueues(topic).size());

        admin.updateQueueNums(CLUSTER, topic, 5, 5);
        await("route of " + topic + " with 5 queues", ROUTE_WAIT, () -> routeHasQueues(topic, 5));
        Map<MessageQueue, QueueStats> stats = admin.topicStats(topic);
        assertEquals(5, stats.size(), "topic stats: " + stats);
        stats.values().forEach(s -> assertEquals(0, s.maxOffset(), "empty topic stats: " + stats));

        admin.deleteTopic(CLUSTER, topic);
        await(topic + " gone from the name server", ROUTE_WAIT, () -> !admin.topics().contains(topic)
            && routeMissing(topic));
    }

    // ------------------------------------------------------------------ producer

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void producerSendsSyncAsyncOnewayAndBatch() {
        String topic = "RealSendTopic";
        createTopic(topic, 4);
        try (Producer producer = new Producer(producer("pg-real-send")).start()) {
            List<SendResult> sync = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sync.add(producer.send(message(topic, "sync", "sync-" + i, i)));
            }
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(producer.sendAsync(message(topic, "async", "async-" + i, i)));
            }
            List<SendResult> async = futures.stream().map(f -> f.orTimeout(10, TimeUnit.SECONDS).join()).toList();
            for (int i = 0; i < 8; i++) {
                producer.sendOneway(message(topic, "oneway", "oneway-" + i, i));
            }
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batch.add(message(topic, "batch", "batch-" + i, i));
            }
            SendResult batchResult = producer.send(batch);

            String storeHostHex = "7F000001" + String.format("%08X", Integer.parseInt(
                rmq.brokerAddr().substring(rmq.brokerAddr().indexOf(':') + 1)));
            for (SendResult r : concat(sync, async)) {
                assertEquals(SendStatus.SEND_OK, r.status(), r.toString());
                assertEquals(topic, r.queue().topic());
                assertEquals(BROKER_NAME, r.queue().brokerName());
                assertTrue(r.msgId().matches("[0-9A-F]{32}"), "msgId " + r.msgId());
                assertTrue(r.offsetMsgId().startsWith(storeHostHex), "offset msg id " + r.offsetMsgId()
                    + " should start with the broker's address " + storeHostHex);
            }
            assertEquals(4, sync.stream().map(SendResult::queue).distinct().count(),
                "sync sends should round-robin over the 4 queues: " + sync);
            assertEquals(SendStatus.SEND_OK, batchResult.status());
            assertEquals(8, batchResult.msgId().split(",").length, "batch msgIds " + batchResult.msgId());

            await("all 32 messages stored", WAIT, () -> admin.topicStats(topic).values().stream()
                .mapToLong(s -> s.maxOffset() - s.minOffset()).sum() == 32);
            long batchQueueSize = admin.topicStats(topic).get(batchResult.queue()).maxOffset();
            assertTrue(batchQueueSize >= batchResult.queueOffset() + 8, "batch stored in one queue from offset "
                + batchResult.queueOffset() + "; queue size " + batchQueueSize);

            // the broker's view of what we stored: by offset id, by key, by queue offset
            SendResult first = sync.get(0);
            ReceivedMessage byId = admin.queryMessageById(topic, first.offsetMsgId());
            assertStored(byId, topic, "sync", "sync-0", 0);
            ReceivedMessage byOffset = storedAt(first.queue(), first.queueOffset());
            assertStored(byOffset, topic, "sync", "sync-0", 0);
            assertEquals(first.msgId(), byOffset.msgId());
            await("index lookup of key sync-3", WAIT, () -> admin.queryMessageByKey(topic, "sync-3", 32, 0,
                Long.MAX_VALUE).stream().anyMatch(m -> "sync-3".equals(m.keys())));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void producerAutoCreatesATopicThroughTBW102() {
        String topic = "RealAutoCreatedTopic";
        assertThrows(ClientException.class, () -> admin.topicRoute(topic), "topic must not exist yet");
        try (Producer producer = new Producer(producer("pg-real-autocreate")).start()) {
            SendResult r = producer.send(message(topic, "auto", "auto-0", 0));
            assertEquals(SendStatus.SEND_OK, r.status());
            assertEquals(BROKER_NAME, r.queue().brokerName());
            // the broker creates it with the producer's defaultTopicQueueNums (4) and registers it at once
            await("route of auto-created " + topic, ROUTE_WAIT, () -> routeHasQueues(topic, 4));
            ReceivedMessage stored = storedAt(r.queue(), r.queueOffset());
            assertStored(stored, topic, "auto", "auto-0", 0);
        }
    }

    // ------------------------------------------------------------------ push consumer

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void pushConsumerReceivesEveryMatchingMessageExactlyOnce() throws Exception {
        String topic = "RealPushTopic";
        String group = "cg-real-push";
        createTopic(topic, 4);
        Map<String, List<ReceivedMessage>> deliveries = new ConcurrentHashMap<>();
        PushConsumer consumer = new PushConsumer(push(group).consumeThreads(4));
        consumer.subscribe(topic, "tagA || tagB");
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(m.keys(), k -> new CopyOnWriteArrayList<>()).add(m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Map<String, String> sentIds = new HashMap<>();
        try (Producer producer = new Producer(producer("pg-real-push")).start()) {
            await("consumer owns the 4 queues", WAIT, () -> owned(consumer.assignment(), topic) == 4);
            for (int i = 0; i < 5; i++) { // filtered out by the broker (tag hash) and the client
                producer.send(message(topic, "tagC", "c-" + i, i));
            }
            for (int i = 0; i < 10; i++) {
                Message m = message(topic, "tagA", "k-" + i, i);
                sentIds.put("k-" + i, producer.send(m).msgId());
            }
            List<CompletableFuture<SendResult>> fs = new ArrayList<>();
            for (int i = 10; i < 20; i++) {
                fs.add(producer.sendAsync(message(topic, "tagB", "k-" + i, i)));
            }
            for (int i = 10; i < 20; i++) {
                sentIds.put("k-" + i, fs.get(i - 10).orTimeout(10, TimeUnit.SECONDS).join().msgId());
            }
            for (int i = 20; i < 30; i++) {
                producer.sendOneway(message(topic, "tagA", "k-" + i, i));
            }
            List<Message> batch = new ArrayList<>();
            for (int i = 30; i < 40; i++) {
                batch.add(message(topic, "tagB", "k-" + i, i));
            }
            String[] batchIds = producer.send(batch).msgId().split(",");
            for (int i = 30; i < 40; i++) {
                sentIds.put("k-" + i, batchIds[i - 30]);
            }

            await("40 distinct messages consumed (got " + deliveries.size() + ")", WAIT,
                () -> deliveries.size() == 40);
            ConsumerConnections conns = admin.consumerConnections(group);
            assertTrue(conns.connections().stream().anyMatch(c -> c.clientId().equals(consumer.clientId())),
                "connections " + conns.connections() + " lack " + consumer.clientId());
            assertEquals("tagA || tagB", conns.subscriptions().get(topic), "subscriptions " + conns.subscriptions());
            assertEquals("CLUSTERING", conns.messageModel());
            await("consumer progress of " + group + " with no lag", WAIT, () -> {
                ConsumerProgress p = admin.consumerProgress(group, topic);
                return p.queues().size() == 4 && p.totalLag() == 0;
            });
        } finally {
            consumer.shutdown();
        }

        // exactly once (counted after shutdown, so no late duplicate can slip by), contents intact
        assertEquals(40, deliveries.size());
        for (int i = 0; i < 40; i++) {
            String key = "k-" + i;
            List<ReceivedMessage> got = deliveries.get(key);
            assertNotNull(got, "never delivered: " + key);
            assertEquals(1, got.size(), key + " delivered " + got.size() + " times");
            ReceivedMessage m = got.get(0);
            assertStored(m, topic, i < 10 || (i >= 20 && i < 30) ? "tagA" : "tagB", key, i);
            assertEquals(0, m.reconsumeTimes());
            if (i < 20 || i >= 30) {
                assertEquals(sentIds.get(key), m.msgId(), "msgId of " + key);
            }
            assertEquals(rmq.brokerAddr(), "127.0.0.1:" + m.storeHost().getPort());
        }
        ConsumerProgress after = admin.consumerProgress(group, topic);
        assertEquals(45, after.queues().values().stream().mapToLong(QueueProgress::consumerOffset).sum(),
            "committed offsets cover the 45 stored messages (5 filtered out): " + after.queues());
        assertEquals(0, after.totalLag());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void adminReachesOnlineConsumerAndResetsItsOffsets() throws Exception {
        String topic = "RealResetTopic";
        String group = "cg-real-reset";
        createTopic(topic, 2);
        Map<String, List<ReceivedMessage>> deliveries = new ConcurrentHashMap<>();
        PushConsumer consumer = new PushConsumer(push(group));
        consumer.subscribe(topic, "*");
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(m.keys(), k -> new CopyOnWriteArrayList<>()).add(m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try (Producer producer = new Producer(producer("pg-real-reset")).start()) {
            await("consumer owns the 2 queues", WAIT, () -> owned(consumer.assignment(), topic) == 2);
            for (int i = 0; i < 6; i++) {
                producer.send(message(topic, "r", "r-" + i, i));
            }
            await("6 messages consumed once", WAIT, () -> deliveries.size() == 6
                && deliveries.values().stream().allMatch(l -> l.size() == 1));
            await("offsets committed", WAIT, () -> admin.consumerProgress(group, topic).totalLag() == 0);

            // GET_CONSUMER_RUNNING_INFO: relayed by the real broker to our consumer and back
            ConsumerRuntime rt = admin.consumerRuntime(group, consumer.clientId());
            assertEquals("*", rt.subscriptions().get(topic), "runtime subscriptions " + rt.subscriptions());

            // INVOKE_BROKER_TO_RESET_OFFSET: the real broker resets and tells our online consumer, which
            // consumes everything again
            Map<MessageQueue, Long> reset = admin.resetOffsetByTimestamp(group, topic, 0);
            assertEquals(Map.of(new MessageQueue(topic, BROKER_NAME, 0), 0L,
                new MessageQueue(topic, BROKER_NAME, 1), 0L), reset);
            await("6 messages consumed again after the reset", WAIT, () -> deliveries.size() == 6
                && deliveries.values().stream().allMatch(l -> l.size() >= 2));
        } finally {
            consumer.shutdown();
        }
        // offline group: the real broker answers CONSUMER_NOT_ONLINE (206) to both calls; offsets must still move
        await("group offline at the broker", WAIT, () -> {
            try {
                return admin.consumerConnections(group).connections().isEmpty();
            } catch (BrokerException e) {
                return e.code() == 206;
            }
        });
        Map<MessageQueue, Long> offline = admin.resetOffsetByTimestamp(group, topic, 0);
        assertEquals(2, offline.size(), "offline reset " + offline);
        offline.values().forEach(o -> assertEquals(0L, o, "offline reset " + offline));
        await("offline reset visible in consumer progress", WAIT,
            () -> admin.consumerProgress(group, topic).totalLag() == 6);
    }

    // ------------------------------------------------------------------ lite pull

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void litePullAssignSeekPollCommit() {
        String topic = "RealLiteTopic";
        String group = "cg-real-lite";
        createTopic(topic, 2);
        MessageQueue q0 = new MessageQueue(topic, BROKER_NAME, 0);
        MessageQueue q1 = new MessageQueue(topic, BROKER_NAME, 1);
        try (Producer producer = new Producer(producer("pg-real-lite")).start();
             LitePullConsumer consumer = new LitePullConsumer(lite(group).autoCommit(false))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(i, producer.send(message(topic, "lite", "q0-" + i, i), q0).queueOffset());
                assertEquals(i, producer.send(message(topic, "lite", "q1-" + i, i), q1).queueOffset());
            }
            consumer.assign(List.of(q0, q1));
            consumer.start();
            assertEquals(Set.of(q0, q1), consumer.assignment());
            consumer.seek(q0, 4);
            consumer.seekToBegin(q1);

            Map<MessageQueue, List<Long>> offsets = pollUntil(consumer, 16);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), offsets.get(q0));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), offsets.get(q1));

            consumer.commitSync();
            assertEquals(10, consumer.committed(q0));
            assertEquals(10, consumer.committed(q1));
            await("broker shows the committed offsets of " + group, WAIT, () -> {
                ConsumerProgress p = admin.consumerProgress(group, topic);
                QueueProgress p0 = p.queues().get(q0);
                QueueProgress p1 = p.queues().get(q1);
                return p0 != null && p1 != null && p0.consumerOffset() == 10 && p1.consumerOffset() == 10
                    && p.totalLag() == 0;
            });

            // new message after the committed position, then a seek backwards
            producer.send(message(topic, "lite", "q0-10", 10), q0);
            assertEquals(List.of(10L), pollUntil(consumer, 1).get(q0));
            consumer.seek(q1, 8);
            assertEquals(List.of(8L, 9L), pollUntil(consumer, 2).get(q1));
        }
    }

    // ------------------------------------------------------------------ request / reply

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void requestReplyThroughTheRealBroker() throws Exception {
        String topic = "RealRpcTopic";
        createTopic(topic, 2);
        createTopic("RealRpcSilent", 1);
        List<String> clusters = new CopyOnWriteArrayList<>();
        Producer replyProducer = new Producer(producer("pg-real-replier")).start();
        PushConsumer replier = new PushConsumer(push("cg-real-replier"));
        replier.subscribe(topic, "*");
        replier.registerListener((MessageListenerConcurrently) (requests, ctx) -> {
            for (ReceivedMessage req : requests) {
                clusters.add(String.valueOf(req.property("CLUSTER")));
                String in = new String(req.body(), StandardCharsets.UTF_8);
                replyProducer.send(Replies.create(req, ("echo:" + in).getBytes(StandardCharsets.UTF_8)));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        replier.start();
        try (Producer requester = new Producer(producer("pg-real-requester")).start()) {
            await("replier owns the 2 queues", WAIT, () -> owned(replier.assignment(), topic) == 2);
            ReceivedMessage reply = requester.request(
                new Message(topic, "hello".getBytes(StandardCharsets.UTF_8)), 10_000);
            assertEquals("echo:hello", new String(reply.body(), StandardCharsets.UTF_8));
            assertEquals(CLUSTER + Replies.REPLY_TOPIC_SUFFIX, reply.topic());

            List<CompletableFuture<ReceivedMessage>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(requester.requestAsync(new Message(topic, ("n" + i).getBytes(StandardCharsets.UTF_8)),
                    10_000));
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("echo:n" + i,
                    new String(fs.get(i).get(15, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8));
            }
            assertEquals(Set.of(CLUSTER), Set.copyOf(clusters), "CLUSTER property the broker added");

            assertThrows(RequestTimeoutException.class, () -> requester.request(
                new Message("RealRpcSilent", "nobody home".getBytes(StandardCharsets.UTF_8)), 1000));
        } finally {
            replier.shutdown();
            replyProducer.shutdown();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ProducerConfig producer(String group) {
        return new ProducerConfig().group(group).nameServers(rmq.namesrvAddr()).pollNameServerIntervalMillis(500);
    }

    /** Fast timings; the real broker wakes an idle long poll only every 5 s, so the pull RPC timeout is long. */
    private static PushConsumerConfig push(String group) {
        return new PushConsumerConfig().group(group).nameServers(rmq.namesrvAddr())
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).pollNameServerIntervalMillis(500)
            .heartbeatBrokerIntervalMillis(500).rebalanceIntervalMillis(500).persistOffsetIntervalMillis(500)
            .brokerSuspendMaxTimeMillis(2000).pullTimeoutMillis(15_000).pullRetryDelayMillis(200);
    }

    private static LitePullConsumerConfig lite(String group) {
        return new LitePullConsumerConfig().group(group).nameServers(rmq.namesrvAddr())
            .pollNameServerIntervalMillis(500).heartbeatBrokerIntervalMillis(500).rebalanceIntervalMillis(500)
            .persistOffsetIntervalMillis(500).brokerSuspendMaxTimeMillis(2000).pullTimeoutMillis(15_000)
            .pullRetryDelayMillis(200);
    }

    /** Creates the topic with our admin client and waits until the real name server routes it. */
    private static void createTopic(String topic, int queues) {
        admin.createOrUpdateTopic(CLUSTER, topic, queues, queues, AdminClient.PERM_READ_WRITE, false);
        await("route of " + topic, ROUTE_WAIT, () -> routeHasQueues(topic, queues));
    }

    private static boolean routeHasQueues(String topic, int queues) {
        TopicRouteInfo r = admin.topicRoute(topic);
        return r.queues().size() == 1 && r.queues().get(0).readQueueNums() == queues
            && r.queues().get(0).writeQueueNums() == queues && !r.brokers().isEmpty();
    }

    /**
     * The message at {@code offset}, read back with a pull. The real broker acknowledges a send once the commit
     * log holds it and writes the consume queue a moment later on its own thread (ReputMessageService), so a
     * pull right after the send may find nothing yet: wait for it instead of reading once.
     */
    private static ReceivedMessage storedAt(MessageQueue queue, long offset) {
        ReceivedMessage[] found = {null};
        await("message at " + queue + " offset " + offset, WAIT,
            () -> (found[0] = admin.queryMessageByOffset(queue, offset)) != null);
        return found[0];
    }

    private static boolean routeMissing(String topic) {
        try {
            admin.topicRoute(topic);
            return false;
        } catch (ClientException e) { // the name server answered TOPIC_NOT_EXIST
            if (e instanceof BrokerException || !e.getMessage().contains("does not exist")) {
                throw e;
            }
            return true;
        }
    }

    private static long owned(Set<MessageQueue> assignment, String topic) {
        return assignment.stream().filter(q -> q.topic().equals(topic)).count();
    }

    private static Message message(String topic, String tag, String key, int seq) {
        Message m = new Message(topic, tag, key, ("body-" + key).getBytes(StandardCharsets.UTF_8));
        m.putUserProperty("seq", Integer.toString(seq));
        m.putUserProperty("origin", "ferry-client");
        return m;
    }

    private static void assertStored(ReceivedMessage m, String topic, String tag, String key, int seq) {
        assertNotNull(m, "no message for " + key);
        assertEquals(topic, m.topic(), key);
        assertEquals(tag, m.tags(), key);
        assertEquals(key, m.keys());
        assertEquals("body-" + key, new String(m.body(), StandardCharsets.UTF_8));
        assertEquals(Integer.toString(seq), m.property("seq"), key);
        assertEquals("ferry-client", m.property("origin"), key);
        assertEquals(Map.of("seq", Integer.toString(seq), "origin", "ferry-client"), m.userProperties(), key);
        assertEquals(CLUSTER, m.property("CLUSTER"), "CLUSTER property the real broker adds, " + key);
    }

    /** Polls until {@code count} more messages arrived; their offsets per queue, in poll order. */
    private static Map<MessageQueue, List<Long>> pollUntil(LitePullConsumer consumer, int count) {
        Map<MessageQueue, List<Long>> offsets = new TreeMap<>();
        int[] got = {0};
        await(count + " polled messages", WAIT, () -> {
            for (ReceivedMessage m : consumer.poll(200)) {
                offsets.computeIfAbsent(m.queue(), q -> new ArrayList<>()).add(m.queueOffset());
                assertEquals("body-" + m.keys(), new String(m.body(), StandardCharsets.UTF_8));
                got[0]++;
            }
            return got[0] >= count;
        });
        assertEquals(count, got[0], "polled more than expected: " + offsets);
        return offsets;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
