package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Default queue choice of the producer: round robin over all writable queues of all broker groups, skipping
 * brokers that {@link BrokerFaults} says to avoid and, on a retry, the broker that just failed.
 *
 * <p>Fallbacks keep sends flowing: when every broker is avoided, the next queue on another broker than the
 * failed one is used; when there is only one broker, its next queue. Thread-safe.
 */
public final class PublishQueueSelector {
    private final AtomicInteger next = new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current()
        .nextInt(1024));
    private final BrokerFaults faults;

    /** @param faults fault tracker, or null to disable latency fault avoidance */
    public PublishQueueSelector(BrokerFaults faults) {
        this.faults = faults;
    }

    /**
     * @param queues         writable queues of the topic (non-empty)
     * @param lastBrokerName broker that failed the previous attempt of this send, or null
     */
    public MessageQueue select(List<MessageQueue> queues, String lastBrokerName) {
        int n = queues.size();
        int start = next.getAndIncrement();
        if (faults != null) {
            for (int i = 0; i < n; i++) {
                MessageQueue q = queues.get(Math.floorMod(start + i, n));
                if (!q.brokerName().equals(lastBrokerName) && faults.isAvailable(q.brokerName())) {
                    return q;
                }
            }
        }
        if (lastBrokerName != null) {
            for (int i = 0; i < n; i++) {
                MessageQueue q = queues.get(Math.floorMod(start + i, n));
                if (!q.brokerName().equals(lastBrokerName)) {
                    return q;
                }
            }
        }
        return queues.get(Math.floorMod(start, n));
    }
}
