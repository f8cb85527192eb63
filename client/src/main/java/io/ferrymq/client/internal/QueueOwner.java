package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;

import java.util.Set;

/** What a consumer does when the {@link Rebalancer} gives it a queue or takes one away. Called on the rebalance thread. */
public interface QueueOwner {
    /** Queues of {@code topic} currently owned. */
    Set<MessageQueue> ownedQueues(String topic);

    /** Starts consuming {@code q}; false when it cannot right now (retried next round). */
    boolean addQueue(MessageQueue q);

    /** Stops consuming {@code q}, committing its offset first. */
    void removeQueue(MessageQueue q);
}
