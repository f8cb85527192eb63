package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;

import java.util.List;

/**
 * Decides which queues of a topic one consumer of a clustering group takes. Every consumer of the group runs
 * the same strategy over the same sorted inputs, so the results partition the queues without coordination.
 * Implementations must be pure functions of their arguments.
 */
public interface AllocateStrategy {
    /**
     * @param group      consumer group
     * @param currentId  this consumer's client id
     * @param queues     all readable queues of the topic, sorted
     * @param consumerIds all client ids of the group, sorted
     * @return the queues this consumer owns (empty when it is not in {@code consumerIds})
     */
    List<MessageQueue> allocate(String group, String currentId, List<MessageQueue> queues, List<String> consumerIds);

    /** Short name for logs. */
    String name();
}
