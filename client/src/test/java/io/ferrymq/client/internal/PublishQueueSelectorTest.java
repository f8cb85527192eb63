package io.ferrymq.client.internal;

import io.ferrymq.common.ManualClock;
import io.ferrymq.client.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishQueueSelectorTest {
    private static List<MessageQueue> queues() {
        List<MessageQueue> out = new ArrayList<>();
        for (String b : List.of("broker-a", "broker-b")) {
            for (int i = 0; i < 4; i++) {
                out.add(new MessageQueue("T", b, i));
            }
        }
        return out;
    }

    @Test
    void roundRobinVisitsEveryQueueOfEveryBrokerEvenly() {
        PublishQueueSelector s = new PublishQueueSelector(new BrokerFaults(new ManualClock(), 10_000));
        Map<MessageQueue, Integer> hits = new HashMap<>();
        for (int i = 0; i < 80; i++) {
            hits.merge(s.select(queues(), null), 1, Integer::sum);
        }
        assertEquals(8, hits.size());
        hits.values().forEach(v -> assertEquals(10, v));
    }

    @Test
    void failedBrokerIsAvoidedUntilIsolationExpires() {
        ManualClock clock = new ManualClock();
        BrokerFaults faults = new BrokerFaults(clock, 10_000);
        PublishQueueSelector s = new PublishQueueSelector(faults);
        faults.record("broker-a", 3000, true);
        for (int i = 0; i < 20; i++) {
            assertEquals("broker-b", s.select(queues(), null).brokerName());
        }
        clock.advance(9_999);
        assertFalse(faults.isAvailable("broker-a"));
        clock.advance(1);
        assertTrue(faults.isAvailable("broker-a"));
        boolean sawA = false;
        for (int i = 0; i < 8; i++) {
            sawA |= s.select(queues(), null).brokerName().equals("broker-a");
        }
        assertTrue(sawA);
    }

    @Test
    void slowBrokerIsAvoidedForATimeGrowingWithLatency() {
        ManualClock clock = new ManualClock();
        BrokerFaults faults = new BrokerFaults(clock, 10_000);
        faults.record("broker-a", 40, false);
        assertTrue(faults.isAvailable("broker-a"));
        faults.record("broker-a", 600, false);
        assertEquals(2000, faults.remainingMillis("broker-a"));
        faults.record("broker-b", 20_000, false);
        assertEquals(60_000, faults.remainingMillis("broker-b"));
        clock.advance(2000);
        assertTrue(faults.isAvailable("broker-a"));
        assertFalse(faults.isAvailable("broker-b"));
    }

    @Test
    void retryGoesToAnotherBrokerEvenWhenAllAreAvoided() {
        ManualClock clock = new ManualClock();
        BrokerFaults faults = new BrokerFaults(clock, 10_000);
        PublishQueueSelector s = new PublishQueueSelector(faults);
        faults.record("broker-a", 0, true);
        faults.record("broker-b", 0, true);
        for (int i = 0; i < 10; i++) {
            assertNotEquals("broker-a", s.select(queues(), "broker-a").brokerName());
            assertNotEquals("broker-b", s.select(queues(), "broker-b").brokerName());
        }
    }

    @Test
    void singleBrokerStillServesRetries() {
        PublishQueueSelector s = new PublishQueueSelector(null);
        List<MessageQueue> one = queues().subList(0, 4);
        assertEquals("broker-a", s.select(one, "broker-a").brokerName());
    }
}
