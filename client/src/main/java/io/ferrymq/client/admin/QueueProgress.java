package io.ferrymq.client.admin;

/**
 * A consumer group's position on one queue.
 *
 * @param brokerOffset   next offset to be written (queue end)
 * @param consumerOffset committed offset of the group
 * @param lastTimestamp  store time of the last consumed message (0 if unknown)
 */
public record QueueProgress(long brokerOffset, long consumerOffset, long lastTimestamp) {
    /** Messages not yet consumed. */
    public long lag() {
        return Math.max(0, brokerOffset - consumerOffset);
    }
}
