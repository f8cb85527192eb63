package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessQueueTest {
    private static final MessageQueue Q = new MessageQueue("T", "broker-a", 0);

    private static List<ReceivedMessage> msgs(long from, int n) {
        List<ReceivedMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ReceivedMessage("T", 0, new byte[10], Map.of(), "broker-a", 0, from + i, 0, 0, 0, null, 0,
                null, 0, 0, "id" + i));
        }
        return out;
    }

    @Test
    void concurrentCommitNeverPassesAMessageStillInFlight() {
        ProcessQueue pq = new ProcessQueue(Q);
        List<ReceivedMessage> m = msgs(10, 5);
        assertTrue(pq.put(m));
        assertEquals(5, pq.count());
        assertEquals(50, pq.bytes());
        assertEquals(10, pq.remove(List.of(m.get(2), m.get(3))), "10 is still being consumed");
        assertEquals(11, pq.remove(List.of(m.get(0))));
        assertEquals(15, pq.remove(List.of(m.get(1), m.get(4))));
        assertTrue(pq.isEmpty());
        pq.advanceTo(20);
        assertEquals(20, pq.remove(List.of()));
    }

    @Test
    void orderlyTakeCommitAndRetry() {
        ProcessQueue pq = new ProcessQueue(Q);
        pq.put(msgs(0, 4));
        List<ReceivedMessage> first = pq.take(2);
        assertEquals(0, first.get(0).queueOffset());
        assertEquals(2, pq.count());
        pq.putBack(first);
        assertEquals(1, pq.localRetries(0));
        assertEquals(4, pq.count());
        List<ReceivedMessage> again = pq.take(3);
        assertEquals(0, again.get(0).queueOffset());
        assertEquals(3, pq.commit());
        assertEquals(0, pq.localRetries(0));
        assertFalse(pq.isEmpty());
        pq.take(10);
        assertEquals(4, pq.commit());
        assertTrue(pq.isEmpty());
    }

    @Test
    void lockExpiresWithoutRenewal() {
        ProcessQueue pq = new ProcessQueue(Q);
        assertFalse(pq.lockValid(0, 30_000));
        pq.locked(true, 1000);
        assertTrue(pq.lockValid(30_999, 30_000));
        assertFalse(pq.lockValid(31_000, 30_000));
    }
}
