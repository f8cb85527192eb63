package io.ferrymq.it.ha;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous sends and a push consumer with the official RocketMQ 5.3.3 client, keeping the books a failover
 * test needs: which keys were acknowledged (SEND_OK) and by which broker group, how every other send ended, and
 * how often each key was consumed.
 */
final class Traffic implements AutoCloseable {
    final String topic;
    final DefaultMQProducer producer;
    final Map<String, String> acked = new ConcurrentHashMap<>();          // key -> brokerName
    final Map<String, Long> ackedAt = new ConcurrentHashMap<>();          // key -> commit-log offset on its broker
    final Map<String, AtomicInteger> consumed = new ConcurrentHashMap<>(); // key -> times, first group
    final Map<String, Map<String, AtomicInteger>> consumedByGroup = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>(); // status or exception -> count
    final AtomicLong lastConsumedNanos = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private final List<Thread> senders = new ArrayList<>();
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();
    private volatile boolean sending;

    Traffic(ProcessCluster cluster, String topic) throws Exception {
        this.topic = topic;
        producer = cluster.configure(new DefaultMQProducer("ha-it-producer-" + topic));
        producer.setSendMsgTimeout(3000);
        producer.setSendLatencyFaultEnable(true);
        producer.start();
    }

    void startConsumer(ProcessCluster cluster, String group) throws Exception {
        Map<String, AtomicInteger> books = consumedByGroup.isEmpty() ? consumed : new ConcurrentHashMap<>();
        consumedByGroup.put(group, books);
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(group));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.setConsumeMessageBatchMaxSize(32);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                books.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                        .incrementAndGet();
            }
            lastConsumedNanos.set(System.nanoTime());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        consumers.add(c);
    }

    /** Starts {@code threads} threads sending synchronously in a loop until {@link #stopSending()}. */
    void startSending(int threads) {
        sending = true;
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(this::sendLoop, "ha-it-sender-" + t);
            th.setDaemon(true);
            th.start();
            senders.add(th);
        }
    }

    /** One synchronous send; returns the SendResult (or null after an exception). */
    SendResult sendOne() {
        String key = "k-" + seq.incrementAndGet();
        Message m = new Message(topic, "TagA", key, key.getBytes(StandardCharsets.UTF_8));
        try {
            SendResult r = producer.send(m);
            outcomes.computeIfAbsent(r.getSendStatus().name(), k -> new AtomicInteger()).incrementAndGet();
            if (r.getSendStatus() == SendStatus.SEND_OK) {
                acked.put(key, r.getMessageQueue().getBrokerName());
                String id = r.getOffsetMsgId(); // store host, then the commit-log offset as 16 hex digits
                ackedAt.put(key, Long.parseUnsignedLong(id.substring(id.length() - 16), 16));
            }
            return r;
        } catch (Exception e) {
            outcomes.computeIfAbsent("exception " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
            return null;
        }
    }

    private void sendLoop() {
        while (sending) {
            sendOne();
        }
    }

    void stopSending() throws InterruptedException {
        sending = false;
        for (Thread t : senders) {
            t.join(15_000);
        }
        senders.clear();
    }

    /** Acknowledged keys never consumed. */
    Set<String> missing() {
        return missing(consumed);
    }

    /** Acknowledged keys a group never consumed. */
    Set<String> missing(String group) {
        return missing(consumedByGroup.get(group));
    }

    private Set<String> missing(Map<String, AtomicInteger> books) {
        Set<String> out = new HashSet<>();
        for (String k : acked.keySet()) {
            if (!books.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Extra deliveries beyond the first, over all keys. */
    long duplicates() {
        return duplicates(consumed);
    }

    long duplicates(String group) {
        return duplicates(consumedByGroup.get(group));
    }

    private static long duplicates(Map<String, AtomicInteger> books) {
        long d = 0;
        for (AtomicInteger n : books.values()) {
            d += Math.max(0, n.get() - 1);
        }
        return d;
    }

    long ackedBy(String brokerName) {
        return acked.values().stream().filter(brokerName::equals).count();
    }

    @Override
    public void close() {
        sending = false;
        for (DefaultMQPushConsumer c : consumers) {
            c.shutdown();
        }
        producer.shutdown();
    }
}
