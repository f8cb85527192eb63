package io.ferrymq.client.admin;

import io.ferrymq.client.MessageQueue;

import java.util.Map;

/**
 * A consumer group's progress on every queue of its topics.
 *
 * @param group      consumer group
 * @param queues     progress per queue
 * @param consumeTps consume rate reported by the brokers
 */
public record ConsumerProgress(String group, Map<MessageQueue, QueueProgress> queues, double consumeTps) {
    /** Sum of the per-queue lags. */
    public long totalLag() {
        long sum = 0;
        for (QueueProgress p : queues.values()) {
            sum += p.lag();
        }
        return sum;
    }
}
