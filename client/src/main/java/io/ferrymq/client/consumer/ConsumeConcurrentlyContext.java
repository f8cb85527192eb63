package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;

/**
 * Per-call context of a concurrent listener. Not thread-safe; valid during the call only.
 */
public final class ConsumeConcurrentlyContext {
    private final MessageQueue queue;
    private int delayLevelWhenNextConsume;

    public ConsumeConcurrentlyContext(MessageQueue queue) {
        this.queue = queue;
    }

    /** The queue the messages came from. */
    public MessageQueue queue() {
        return queue;
    }

    /** Delay level for a retry: 0 lets the broker choose (3 + times already retried), -1 sends to DLQ at once. */
    public int delayLevelWhenNextConsume() {
        return delayLevelWhenNextConsume;
    }

    public void delayLevelWhenNextConsume(int level) {
        this.delayLevelWhenNextConsume = level;
    }
}
