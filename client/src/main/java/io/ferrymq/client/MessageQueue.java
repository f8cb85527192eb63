package io.ferrymq.client;

import java.util.Comparator;
import java.util.Objects;

/**
 * One queue of a topic on one broker group: the unit of ordering, allocation and offsets. Ordered by topic, then
 * broker name, then queue id (the order RocketMQ uses for rebalancing).
 *
 * @param topic      the topic
 * @param brokerName the broker group (master and its slaves share it)
 * @param queueId    the queue number within that broker group, from 0
 */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {
    private static final Comparator<MessageQueue> ORDER = Comparator.comparing(MessageQueue::topic)
        .thenComparing(MessageQueue::brokerName).thenComparingInt(MessageQueue::queueId);

    public MessageQueue {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(brokerName, "brokerName");
    }

    @Override
    public int compareTo(MessageQueue o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return topic + "@" + brokerName + "#" + queueId;
    }
}
