package io.ferrymq.client.admin;

/**
 * Bounds of one queue.
 *
 * @param minOffset           first available offset
 * @param maxOffset           next offset to be written
 * @param lastUpdateTimestamp store time of the last message (0 if empty)
 */
public record QueueStats(long minOffset, long maxOffset, long lastUpdateTimestamp) {
}
