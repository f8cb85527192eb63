package io.ferrymq.it.fault;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.common.message.MessageIds;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The fault suite's traffic, through both clients, recorded in a {@link History}:
 * <ul>
 *   <li>producers, one thread and one sequence each, synchronous sends paced at {@code ratePerProducer}:
 *       {@code official-u0}, {@code official-u1} (official RocketMQ 5.3.3 client, round robin over the queues of
 *       {@code topic}), {@code official-o0} (official, a {@code MessageQueueSelector} keeps it on one queue of
 *       {@code orderedTopic}), {@code ferry-u0} and {@code ferry-o0} (FerryMQ client, the same two ways);</li>
 *   <li>consumers: group {@code <name>-push} (official push, concurrent) on {@code topic}, {@code <name>-orderly}
 *       (official push, orderly) on {@code orderedTopic}, {@code <name>-lite} (FerryMQ lite pull, both topics,
 *       commitSync after each batch);</li>
 *   <li>a {@link CommitObserver} reading the committed offsets from the brokers.</li>
 * </ul>
 * Each message's key and body are its id {@code producer:seq}.
 *
 * <p>Threading: each producer and the lite-pull loop own a thread ({@code fault-send-<producer>},
 * {@code fault-lite-poll}); consumer callbacks run on the clients' threads; all of them only append to the history
 * and to the concurrent sets used by {@link #missing()}.
 */
final class Workload implements AutoCloseable {
    private final String topic;
    private final String orderedTopic;
    private final History history;
    private final FaultCluster cluster;
    private final WorkloadOptions options;
    private final int ratePerProducer;
    private final String name;
    private final String pushGroup;
    private final String orderlyGroup;
    private final String liteGroup;
    private final DefaultMQProducer official;
    private final Producer ferry;
    private final List<Thread> threads = new ArrayList<>();
    private final List<DefaultMQPushConsumer> pushConsumers = new ArrayList<>();
    private LitePullConsumer lite;
    private ChurnConsumers churn;
    private CommitObserver observer;
    private volatile boolean sending;
    private final RepeatedFailure pollFailures;
    private final RepeatedFailure commitFailures;
    private volatile boolean polling;
    /** Acknowledged ids per topic, and delivered ids per group (for {@link #missing()} while draining). */
    private final Map<String, Set<String>> ackedByTopic = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> deliveredByGroup = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acks = new ConcurrentHashMap<>(); // producer -> SEND_OK count

    Workload(FaultCluster cluster, History history, String name, String topic, String orderedTopic,
             WorkloadOptions options) throws Exception {
        this.cluster = cluster;
        this.history = history;
        this.name = name;
        this.topic = topic;
        this.orderedTopic = orderedTopic;
        this.options = options;
        this.ratePerProducer = options.ratePerProducer();
        this.pollFailures = new RepeatedFailure(history, "lite poll");
        this.commitFailures = new RepeatedFailure(history, "lite commitSync");
        this.pushGroup = name + "-push";
        this.orderlyGroup = name + "-orderly";
        this.liteGroup = name + "-lite";
        ackedByTopic.put(topic, ConcurrentHashMap.newKeySet());
        ackedByTopic.put(orderedTopic, ConcurrentHashMap.newKeySet());
        official = cluster.cluster.configure(new DefaultMQProducer(name + "-official-producer"));
        official.setSendMsgTimeout(3000);
        official.setSendLatencyFaultEnable(true);
        ferry = new Producer(new ProducerConfig().group(name + "-ferry-producer").nameServers(cluster.namesrvAddr())
                .pollNameServerIntervalMillis(1000).heartbeatBrokerIntervalMillis(1000).sendTimeoutMillis(3000));
    }

    /** Starts the three consumer groups (from the first offset) and the commit observer. */
    void startConsumers() throws Exception {
        history.group(pushGroup, Set.of(topic));
        history.group(orderlyGroup, Set.of(orderedTopic));
        history.group(liteGroup, Set.of(topic, orderedTopic));
        for (String g : List.of(pushGroup, orderlyGroup, liteGroup)) {
            deliveredByGroup.put(g, ConcurrentHashMap.newKeySet());
        }

        DefaultMQPushConsumer push = pushConsumer(pushGroup, topic);
        push.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> delivered(pushGroup, push.getInstanceName(), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        push.start();
        DefaultMQPushConsumer orderly = pushConsumer(orderlyGroup, orderedTopic);
        orderly.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            msgs.forEach(m -> delivered(orderlyGroup, orderly.getInstanceName(), m));
            return ConsumeOrderlyStatus.SUCCESS;
        });
        orderly.start();

        lite = new LitePullConsumer(new LitePullConsumerConfig().group(liteGroup).nameServers(cluster.namesrvAddr())
                .pollNameServerIntervalMillis(1000).heartbeatBrokerIntervalMillis(1000).rebalanceIntervalMillis(1000)
                .persistOffsetIntervalMillis(1000).brokerSuspendMaxTimeMillis(2000).pullTimeoutMillis(5000)
                .pullRetryDelayMillis(200).autoCommit(false)
                .consumeFromWhere(io.ferrymq.client.consumer.ConsumeFromWhere.FIRST_OFFSET));
        lite.subscribe(topic, "*");
        lite.subscribe(orderedTopic, "*");
        lite.start();
        polling = true;
        Thread poll = new Thread(this::pollLoop, "fault-lite-poll");
        poll.setDaemon(true);
        poll.start();
        threads.add(poll);

        Map<String, List<String>> observed = new java.util.HashMap<>(Map.of(pushGroup, List.of(topic),
                orderlyGroup, List.of(orderedTopic), liteGroup, List.of(topic, orderedTopic)));
        if (options.churn()) {
            String g = name + "-churn";
            List<String> queues = new ArrayList<>();
            for (String b : FaultCluster.GROUPS) {
                for (int q = 0; q < 4; q++) {
                    queues.add(Queues.key(topic, b, q));
                }
            }
            churn = new ChurnConsumers(cluster, history, g, topic, queues, register(g, topic),
                    FaultRun.HISTORIES.resolve(name + "-churn"));
            for (int i = 0; i < 3; i++) {
                churn.add();
            }
            if (!churn.awaitFormed(java.time.Duration.ofSeconds(90))) {
                history.event(new FaultEvent(System.currentTimeMillis(), "the churning group had not formed (3 "
                        + "members joined, one owner per queue) within 90 s of starting"));
            }
            observed.put(g, List.of(topic));
        }
        if (options.retriesAndDelays()) {
            String g = startFailingHalf();
            observed.put(g, List.of(topic));
        }
        observer = new CommitObserver(cluster, history, observed, Map.of(topic, 4, orderedTopic, 2));
    }

    /** Declares a group that must receive every acknowledged message of {@code t}; returns its delivered set. */
    private Set<String> register(String group, String t) {
        history.group(group, Set.of(t));
        Set<String> got = ConcurrentHashMap.newKeySet();
        deliveredByGroup.put(group, got);
        return got;
    }

    /**
     * Group {@code <name>-retry} fails the first delivery of every message with an even sequence number (the
     * client sends it back; it returns through the group's retry topic): every delivery is recorded under it (what
     * its committed offsets are checked against), and successful ones also under {@code <name>-retry-ok}, which must
     * get every acknowledged message of the topic.
     */
    private String startFailingHalf() throws Exception {
        String g = name + "-retry";
        String ok = g + "-ok";
        register(g, topic);
        register(ok, topic);
        DefaultMQPushConsumer c = pushConsumer(g, topic);
        c.setConsumeMessageBatchMaxSize(1);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            MessageExt m = msgs.get(0);
            delivered(g, c.getInstanceName(), m);
            String id = String.valueOf(m.getKeys());
            long seq = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
            if (m.getReconsumeTimes() == 0 && seq % 2 == 0) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            delivered(ok, c.getInstanceName(), m);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return g;
    }

    /** Fault 12's churning group, or null when the workload has none. */
    ChurnConsumers churn() {
        return churn;
    }

    private DefaultMQPushConsumer pushConsumer(String group, String t) throws Exception {
        DefaultMQPushConsumer c = cluster.cluster.configure(new DefaultMQPushConsumer(group));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(t, "*");
        c.setConsumeMessageBatchMaxSize(16);
        pushConsumers.add(c);
        return c;
    }

    private void delivered(String group, String consumer, MessageExt m) {
        String id = m.getKeys();
        // a redelivery from the retry topic carries that queue's offset: spelled as the retry queue, not the topic's
        String t = m.getProperty("RETRY_TOPIC") != null ? "%RETRY%" + name + "-retry" : m.getTopic();
        history.delivery(new DeliveryRecord(group, consumer, id, Queues.key(t, m.getBrokerName(), m.getQueueId()),
                m.getQueueOffset(), System.currentTimeMillis()));
        deliveredByGroup.get(group).add(id);
    }

    private void pollLoop() {
        while (polling) {
            List<ReceivedMessage> batch;
            try {
                batch = lite.poll(200);
                pollFailures.settle();
            } catch (RuntimeException e) {
                pollFailures.failed(e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // back off, then poll again
                continue;
            }
            for (ReceivedMessage m : batch) {
                m.restoreOriginalTopic();
                history.delivery(new DeliveryRecord(liteGroup, lite.clientId(), m.keys(), Queues.key(m.topic(),
                        m.brokerName(), m.queueId()), m.queueOffset(), System.currentTimeMillis()));
                deliveredByGroup.get(liteGroup).add(m.keys());
            }
            if (!batch.isEmpty()) {
                try {
                    lite.commitSync();
                    commitFailures.settle();
                } catch (RuntimeException e) {
                    commitFailures.failed(e);
                }
            }
        }
    }

    /** Starts the producers' threads. */
    void startProducers() throws Exception {
        official.start();
        ferry.start();
        sending = true;
        // the ordered producers' selector args pick the sorted queues broker-a#0 and broker-a#1 while A has a master
        startSender("official-u0", false, 0, this::officialSend);
        startSender("official-u1", false, 0, this::officialSend);
        startSender("official-o0", true, 0, this::officialSend);
        startSender("ferry-u0", false, 0, this::ferrySend);
        startSender("ferry-o0", true, 1, this::ferrySend);
        for (int i = 0; i < options.extraProducers(); i++) {
            if (i % 2 == 0) {
                startSender("official-u" + (2 + i / 2), false, 0, this::officialSend);
            } else {
                startSender("ferry-u" + (1 + i / 2), false, 0, this::ferrySend);
            }
        }
        if (options.retriesAndDelays()) {
            startSender("official-d0", false, 0, this::officialDelayedSend);
        }
    }

    /**
     * A message due 5 s later (delay level 2). Its SEND_OK names the topic's queue but the offset of its parked copy,
     * so the queue offset is not recorded (it would look like another message's offset in the topic's queue).
     */
    private SendRecord officialDelayedSend(String producer, long seq, boolean ordered, int arg) {
        String id = producer + ":" + seq;
        Message m = new Message(topic, "TagA", id, id.getBytes(StandardCharsets.UTF_8));
        m.setDelayTimeLevel(2);
        long start = System.currentTimeMillis();
        try {
            SendResult r = official.send(m);
            MessageQueue q = r.getMessageQueue();
            boolean ok = r.getSendStatus() == SendStatus.SEND_OK;
            return new SendRecord(producer, seq, id, Queues.key(q.getTopic(), q.getBrokerName(), q.getQueueId()), -1,
                    commitLogOffset(r.getOffsetMsgId()), false, ok ? Outcome.OK : Outcome.FAILED,
                    ok ? "" : r.getSendStatus().name(), start, System.currentTimeMillis());
        } catch (Exception e) {
            return new SendRecord(producer, seq, id, "", -1, -1, false, classify(e), describe(e), start,
                    System.currentTimeMillis());
        }
    }

    @FunctionalInterface
    private interface SendCall {
        SendRecord send(String producer, long seq, boolean ordered, int selectorArg);
    }

    private void startSender(String producer, boolean ordered, int arg, SendCall call) {
        acks.put(producer, new AtomicInteger());
        Thread t = new Thread(() -> {
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, ratePerProducer);
            long next = System.nanoTime();
            for (long seq = 1; sending; seq++) {
                SendRecord r = call.send(producer, seq, ordered, arg);
                history.send(r);
                if (r.outcome() == Outcome.OK) {
                    ackedByTopic.get(r.topic()).add(r.id());
                    acks.get(producer).incrementAndGet();
                }
                next += intervalNanos;
                long pause = next - System.nanoTime();
                if (pause > 0) {
                    LockSupport.parkNanos(pause); // pacing at the configured rate, not a wait for a condition
                } else {
                    next = System.nanoTime();
                }
            }
        }, "fault-send-" + producer);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    private SendRecord officialSend(String producer, long seq, boolean ordered, int arg) {
        String id = producer + ":" + seq;
        String t = ordered ? orderedTopic : topic;
        Message m = new Message(t, "TagA", id, id.getBytes(StandardCharsets.UTF_8));
        long start = System.currentTimeMillis();
        try {
            SendResult r = ordered ? official.send(m, (mqs, msg, a) -> mqs.get(Math.floorMod((Integer) a, mqs.size())),
                    arg) : official.send(m);
            MessageQueue q = r.getMessageQueue();
            return new SendRecord(producer, seq, id, Queues.key(q.getTopic(), q.getBrokerName(), q.getQueueId()),
                    r.getQueueOffset(), commitLogOffset(r.getOffsetMsgId()), ordered,
                    r.getSendStatus() == SendStatus.SEND_OK ? Outcome.OK : Outcome.FAILED,
                    r.getSendStatus() == SendStatus.SEND_OK ? "" : r.getSendStatus().name(), start,
                    System.currentTimeMillis());
        } catch (Exception e) {
            return new SendRecord(producer, seq, id, "", -1, -1, ordered, classify(e), describe(e), start,
                    System.currentTimeMillis());
        }
    }

    private SendRecord ferrySend(String producer, long seq, boolean ordered, int arg) {
        String id = producer + ":" + seq;
        String t = ordered ? orderedTopic : topic;
        io.ferrymq.client.Message m = new io.ferrymq.client.Message(t, "TagA", id, id.getBytes(StandardCharsets.UTF_8));
        long start = System.currentTimeMillis();
        try {
            io.ferrymq.client.producer.SendResult r = ordered
                    ? ferry.send(m, (qs, msg, a) -> qs.get(Math.floorMod((Integer) a, qs.size())), arg)
                    : ferry.send(m);
            boolean ok = r.status() == io.ferrymq.client.producer.SendStatus.SEND_OK;
            return new SendRecord(producer, seq, id, Queues.key(r.queue().topic(), r.queue().brokerName(),
                    r.queue().queueId()), r.queueOffset(), commitLogOffset(r.offsetMsgId()), ordered,
                    ok ? Outcome.OK : Outcome.FAILED, ok ? "" : r.status().name(), start, System.currentTimeMillis());
        } catch (RuntimeException e) {
            return new SendRecord(producer, seq, id, "", -1, -1, ordered, classify(e), describe(e), start,
                    System.currentTimeMillis());
        }
    }

    /** FAILED when the broker answered an error or no request left; UNKNOWN when the message may be stored. */
    static Outcome classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException || t instanceof BrokerException
                    || t instanceof org.apache.rocketmq.remoting.exception.RemotingConnectException
                    || String.valueOf(t.getMessage()).contains("No route info")) {
                return Outcome.FAILED;
            }
        }
        return Outcome.UNKNOWN;
    }

    private static String describe(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName() + ": " + (msg.length() > 200 ? msg.substring(0, 200) : msg);
    }

    private static long commitLogOffset(String offsetMsgId) {
        try {
            return offsetMsgId == null ? -1 : MessageIds.decodeOffsetMsgId(offsetMsgId).commitLogOffset();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** SEND_OK count of a producer so far. */
    int acknowledged(String producer) {
        AtomicInteger n = acks.get(producer);
        return n == null ? 0 : n.get();
    }

    Set<String> producers() {
        return acks.keySet();
    }

    /** Stops the producers (bounded wait for each thread's last send). */
    void stopProducers() throws InterruptedException {
        sending = false;
        for (Thread t : threads) {
            if (t.getName().startsWith("fault-send-")) {
                t.join(15_000);
            }
        }
    }

    /** Acknowledged messages some subscribed group has not received yet, as "group: n". Empty when drained. */
    Map<String, Integer> missing() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        Map<String, Set<String>> subs = history.subscriptions();
        subs.forEach((group, topics) -> {
            Set<String> got = deliveredByGroup.get(group);
            int n = 0;
            for (String t : topics) {
                for (String id : ackedByTopic.get(t)) {
                    if (!got.contains(id)) {
                        n++;
                    }
                }
            }
            if (n > 0) {
                out.put(group, n);
            }
        });
        return out;
    }

    /** Takes one more round of committed offsets (after draining). */
    void observeCommits() {
        if (observer != null) {
            observer.observeOnce();
        }
    }

    @Override
    public void close() {
        sending = false;
        polling = false;
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (observer != null) {
            observer.close();
        }
        if (churn != null) {
            try {
                churn.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (DefaultMQPushConsumer c : pushConsumers) {
            c.shutdown();
        }
        if (lite != null) {
            lite.shutdown();
        }
        official.shutdown();
        ferry.shutdown();
    }
}
