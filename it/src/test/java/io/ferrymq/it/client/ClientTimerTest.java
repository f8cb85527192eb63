package io.ferrymq.it.client;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timer messages with the FerryMQ client: the official client's three timer properties put with
 * {@code putSystem}, each delivered no earlier than asked and within 1 s of its due time (measured on the broker: the
 * delivered copy's store time minus its TIMER_OUT_MS), and a delay beyond {@code timerMaxDelaySec} refused.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientTimerTest {
    private static final String TOPIC = "ClientTimer";

    @Test
    void eachTimerPropertyDeliversWithinASecondOfItsDueTimeAndTooFarIsRefused() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            cluster.createTopic(TOPIC, 1);
            MessageQueue q0 = new MessageQueue(TOPIC, "broker-a", 0);
            try (Producer p = new Producer(ClientFixture.producer(cluster, "pg-timer")).start();
                 LitePullConsumer c = new LitePullConsumer(ClientFixture.lite(cluster, "lg-timer").autoCommit(false))) {
                c.assign(List.of(q0));
                c.start();
                c.seekToBegin(q0);
                Map<String, Long> asked = new LinkedHashMap<>();
                asked.put("delay-sec", send(p, "delay-sec", MessageConst.PROPERTY_TIMER_DELAY_SEC, "2", 2000));
                asked.put("delay-ms", send(p, "delay-ms", MessageConst.PROPERTY_TIMER_DELAY_MS, "1500", 1500));
                long at = System.currentTimeMillis() + 3000;
                send(p, "deliver-at", MessageConst.PROPERTY_TIMER_DELIVER_MS, Long.toString(at), 0);
                asked.put("deliver-at", at);

                Message tooFar = new Message(TOPIC, "too-far".getBytes(StandardCharsets.UTF_8))
                        .putSystem(MessageConst.PROPERTY_TIMER_DELAY_SEC, Long.toString(4L * 24 * 3600));
                BrokerException e = assertThrows(BrokerException.class, () -> p.send(tooFar));
                assertEquals(13, e.code(), "MESSAGE_ILLEGAL");
                assertTrue(e.remark().contains("timerMaxDelaySec"), e.remark());

                Map<String, ReceivedMessage> got = new HashMap<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (got.size() < asked.size() && System.nanoTime() < deadline) {
                    for (ReceivedMessage m : c.poll(200)) {
                        ReceivedMessage before = got.putIfAbsent(new String(m.body(), StandardCharsets.UTF_8), m);
                        assertEquals(null, before, "received twice: " + m);
                    }
                }
                assertEquals(asked.keySet(), got.keySet(), "every timer arrived, the refused one not");
                for (Map.Entry<String, Long> a : asked.entrySet()) {
                    ReceivedMessage m = got.get(a.getKey());
                    long due = Long.parseLong(m.property(MessageConst.PROPERTY_TIMER_OUT_MS));
                    long late = m.storeTimestamp() - due;
                    assertTrue(due >= a.getValue(), a.getKey() + " due " + (a.getValue() - due) + " ms before asked");
                    assertTrue(late >= 0, a.getKey() + " delivered " + (-late) + " ms early");
                    assertTrue(late <= 1000, a.getKey() + " delivered " + late + " ms after its due time");
                }
                assertEquals(3, cluster.broker().store().maxOffset(TOPIC, 0), "each stored once on the topic");
            }
        }
    }

    /** Sends one timer message; returns the earliest acceptable due time for a relative delay. */
    private static long send(Producer p, String body, String property, String value, long delayMillis) {
        long earliest = System.currentTimeMillis() + delayMillis;
        Message m = new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)).putSystem(property, value);
        assertEquals(SendStatus.SEND_OK, p.send(m).status());
        return earliest;
    }
}
