package io.ferrymq.it.fault;

/**
 * A committed consumer offset observed at a time: the broker (or the client after a synchronous commit) holds
 * {@code offset} for the group on the queue, which claims that every message below it was processed.
 *
 * @param group      consumer group
 * @param queue      queue ({@link Queues#key})
 * @param offset     the committed offset (next offset to consume)
 * @param timeMillis wall clock when it was observed
 * @param source     who reported it (a broker address, or "client")
 */
public record CommitRecord(String group, String queue, long offset, long timeMillis, String source) {
}
