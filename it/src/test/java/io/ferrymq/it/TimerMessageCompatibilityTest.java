package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timer messages with the official 5.3.3 client ({@code setDelayTimeSec}, {@code setDelayTimeMs},
 * {@code setDeliverTimeMs}): delivered on time, each exactly once, also across a broker restart in the middle.
 *
 * <p>On-time is a correctness property checked on the broker's own clock: a delivered copy's store time is never
 * before its due time (TIMER_OUT_MS) and at most 1 s after it. The consumer's receive time is also checked, with a
 * generous 5 s tolerance because this machine runs several builds at once (it is not a latency benchmark).
 */
@Timeout(420)
class TimerMessageCompatibilityTest {
    private static final Logger log = LoggerFactory.getLogger(TimerMessageCompatibilityTest.class);
    private static final long BROKER_TOLERANCE_MILLIS = 1000;
    private static final long CONSUMER_TOLERANCE_MILLIS = 5000;

    private static long dueOf(MessageExt m) {
        return Long.parseLong(m.getProperty("TIMER_OUT_MS"));
    }

    @Test
    void oneSecondAndSevenSecondTimersLandWithinASecondOfTheirDueTime() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            String topic = "TimerOnTime";
            cluster.createTopic(topic, 2);
            Map<String, MessageExt> got = new ConcurrentHashMap<>();
            Map<String, Long> receivedAt = new ConcurrentHashMap<>();
            DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("it-timer-ontime"));
            c.subscribe(topic, "*");
            c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                long now = System.currentTimeMillis();
                for (MessageExt m : msgs) {
                    String body = new String(m.getBody(), StandardCharsets.UTF_8);
                    got.putIfAbsent(body, m);
                    receivedAt.putIfAbsent(body, now);
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            c.start();
            DefaultMQProducer p = cluster.configure(new DefaultMQProducer("it-timer-ontime-pg"));
            p.start();
            try {
                Map<String, Long> earliest = new HashMap<>();
                Message oneSec = new Message(topic, "one-second".getBytes(StandardCharsets.UTF_8));
                oneSec.setDelayTimeSec(1);
                earliest.put("one-second", System.currentTimeMillis() + 1000);
                assertEquals(SendStatus.SEND_OK, p.send(oneSec).getSendStatus());

                Message sevenSec = new Message(topic, "seven-seconds".getBytes(StandardCharsets.UTF_8));
                sevenSec.setDelayTimeMs(7000);
                earliest.put("seven-seconds", System.currentTimeMillis() + 7000);
                assertEquals(SendStatus.SEND_OK, p.send(sevenSec).getSendStatus());

                long at = System.currentTimeMillis() + 4000;
                Message deliverAt = new Message(topic, "deliver-at".getBytes(StandardCharsets.UTF_8));
                deliverAt.setDeliverTimeMs(at);
                earliest.put("deliver-at", at);
                assertEquals(SendStatus.SEND_OK, p.send(deliverAt).getSendStatus());

                awaitTrue("the three timer messages", Duration.ofSeconds(60), () -> got.size() == 3);
                for (Map.Entry<String, MessageExt> e : got.entrySet()) {
                    MessageExt m = e.getValue();
                    long due = dueOf(m);
                    assertTrue(due >= earliest.get(e.getKey()), e.getKey() + " due no earlier than asked");
                    long late = m.getStoreTimestamp() - due;
                    log.info("{}: delivered {} ms after its due time, received {} ms after it", e.getKey(), late,
                            receivedAt.get(e.getKey()) - due);
                    assertTrue(late >= 0, e.getKey() + " delivered " + (-late) + " ms early");
                    assertTrue(late <= BROKER_TOLERANCE_MILLIS, e.getKey() + " delivered " + late + " ms late");
                    long received = receivedAt.get(e.getKey()) - due;
                    assertTrue(received >= 0 && received <= CONSUMER_TOLERANCE_MILLIS,
                            e.getKey() + " received " + received + " ms after its due time");
                }
            } finally {
                p.shutdown();
                c.shutdown();
            }
        }
    }

    @Test
    void aDelayBeyondTimerMaxDelaySecIsRefusedWithAClearError() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            cluster.createTopic("TimerTooFar", 1);
            DefaultMQProducer p = cluster.configure(new DefaultMQProducer("it-timer-far-pg"));
            p.setRetryTimesWhenSendFailed(0);
            p.start();
            try {
                Message m = new Message("TimerTooFar", "far".getBytes(StandardCharsets.UTF_8));
                m.setDelayTimeSec(4L * 24 * 3600);
                MQBrokerException e = assertThrows(MQBrokerException.class, () -> p.send(m));
                assertEquals(13, e.getResponseCode(), "MESSAGE_ILLEGAL");
                assertTrue(e.getErrorMessage().contains("timerMaxDelaySec"), e.getErrorMessage());
                assertEquals(0, cluster.broker().store().maxOffset("TimerTooFar", 0));
            } finally {
                p.shutdown();
            }
        }
    }

    /** How a volume test reaches and restarts its broker (in-process clean restart, or a child JVM killed). */
    private interface Restarter {
        String brokerAddr();

        void restart() throws Exception;
    }

    @Test
    void tenThousandTimersOverThirtySecondsArriveExactlyOnceAcrossABrokerRestart() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            volumeAcrossARestart(cluster, 10_000, 30_000, inProcess(cluster));
        }
    }

    /** Long-running profile (about 3 minutes): {@code -Plong-running}, see docs/compatibility.md. */
    @Test
    @Tag("long-running")
    void aHundredThousandTimersOverSixtySecondsArriveExactlyOnceAcrossACleanRestart() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            volumeAcrossARestart(cluster, 100_000, 60_000, inProcess(cluster));
        }
    }

    /** Long-running profile (about 3 minutes): the broker is a child JVM killed with SIGKILL mid-way. */
    @Test
    @Tag("long-running")
    void aHundredThousandTimersOverSixtySecondsArriveExactlyOnceAcrossAKillNine() throws Exception {
        try (TestCluster names = TestCluster.nameServerOnly();
             BrokerProcess broker = new BrokerProcess(names.dir().resolve("child"), names.namesrvAddr(), Map.of())) {
            broker.start(names);
            volumeAcrossARestart(names, 100_000, 60_000, new Restarter() {
                @Override
                public String brokerAddr() {
                    return broker.address();
                }

                @Override
                public void restart() throws Exception {
                    broker.kill9();
                    broker.start(names);
                }
            });
        }
    }

    /** Long-running profile: a 90 s timer (the wait itself is the test). */
    @Test
    @Tag("long-running")
    void aNinetySecondTimerLandsWithinASecondOfItsDueTime() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            cluster.createTopic("TimerNinety", 1);
            DefaultMQProducer p = cluster.configure(new DefaultMQProducer("it-timer-ninety-pg"));
            p.start();
            DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer("it-timer-ninety-cg"));
            c.start();
            try {
                c.assign(c.fetchMessageQueues("TimerNinety"));
                Message m = new Message("TimerNinety", "ninety-seconds".getBytes(StandardCharsets.UTF_8));
                m.setDelayTimeSec(90);
                long earliest = System.currentTimeMillis() + 90_000;
                assertEquals(SendStatus.SEND_OK, p.send(m).getSendStatus());
                List<MessageExt> got = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    got.addAll(c.poll(1000));
                }
                assertEquals(1, got.size(), "the 90 s timer arrived");
                long received = System.currentTimeMillis();
                MessageExt d = got.get(0);
                long due = dueOf(d);
                assertTrue(due >= earliest, "due no earlier than asked");
                long late = d.getStoreTimestamp() - due;
                log.info("90 s timer: delivered {} ms after its due time, received {} ms after it", late,
                        received - due);
                assertTrue(late >= 0 && late <= BROKER_TOLERANCE_MILLIS, "delivered " + late + " ms after due");
                assertTrue(received - due <= CONSUMER_TOLERANCE_MILLIS, "received " + (received - due)
                        + " ms after due");
            } finally {
                c.shutdown();
                p.shutdown();
            }
        }
    }

    private static Restarter inProcess(TestCluster cluster) {
        return new Restarter() {
            @Override
            public String brokerAddr() {
                return cluster.brokerAddr();
            }

            @Override
            public void restart() throws java.io.IOException {
                cluster.stopBroker();
                cluster.startBroker();
            }
        };
    }

    /**
     * Sends {@code n} timer messages due over {@code spreadMillis} (starting once all are sent), restarts the broker
     * when about a third is delivered, and reads the topic: each message stored and received exactly once, never
     * early, in due-time order.
     */
    private static void volumeAcrossARestart(TestCluster cluster, int n, long spreadMillis, Restarter broker)
            throws Exception {
        String topic = "TimerVolume";
        cluster.createTopic(broker.brokerAddr(), topic, 1);
        DefaultMQProducer p = cluster.configure(new DefaultMQProducer("it-timer-volume-pg"));
        p.start();
        // due times start after the sends: 25 s covers 10,000 async sends, n / 2,000 s more for larger volumes
        long base = System.currentTimeMillis() + Math.max(25_000, n / 2);
        long sendsDone;
        try {
            Semaphore inFlight = new Semaphore(256);
            AtomicInteger ok = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < n; i++) {
                Message m = new Message(topic, ("t" + i).getBytes(StandardCharsets.UTF_8));
                m.setDeliverTimeMs(base + i * spreadMillis / n);
                inFlight.acquire();
                p.send(m, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult r) {
                        ok.incrementAndGet();
                        inFlight.release();
                    }

                    @Override
                    public void onException(Throwable e) {
                        failure.compareAndSet(null, e);
                        inFlight.release();
                    }
                });
            }
            assertTrue(inFlight.tryAcquire(256, 120, TimeUnit.SECONDS), "all sends answered");
            assertEquals(null, failure.get(), "no send failed");
            assertEquals(n, ok.get());
            sendsDone = System.currentTimeMillis();
        } finally {
            p.shutdown();
        }

        awaitTrue("a third delivered", Duration.ofSeconds(120).plusMillis(spreadMillis),
                () -> cluster.maxOffset(broker.brokerAddr(), topic, 0) >= n / 3);
        broker.restart();

        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer("it-timer-volume-cg"));
        c.setAutoCommit(false);
        c.setPullBatchSize(256);
        c.start();
        List<MessageExt> got = new ArrayList<>();
        try {
            c.assign(c.fetchMessageQueues(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(150).plusMillis(spreadMillis).toNanos();
            while (got.size() < n && System.nanoTime() < deadline) {
                got.addAll(c.poll(500));
            }
            // anything repeated would be stored right behind: look a little further
            long extra = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < extra) {
                got.addAll(c.poll(200));
            }
        } finally {
            c.shutdown();
        }
        assertEquals(n, cluster.maxOffset(broker.brokerAddr(), topic, 0), "stored on the topic exactly n times");
        assertEquals(n, got.size(), "received n messages");
        assertEquals(n, got.stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).distinct().count(),
                "each message exactly once");
        if (sendsDone < base) {
            got.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
            for (int i = 1; i < got.size(); i++) {
                assertTrue(dueOf(got.get(i - 1)) <= dueOf(got.get(i)), "due-time order at queue offset " + i);
            }
        } else {
            log.warn("sending took until {} ms after the first due time; order not checked", sendsDone - base);
        }
        for (MessageExt m : got) {
            assertTrue(m.getStoreTimestamp() >= dueOf(m), "never early");
        }
    }
}
