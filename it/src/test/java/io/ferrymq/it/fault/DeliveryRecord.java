package io.ferrymq.it.fault;

/**
 * One message handed to a consumer's code (recorded before the consumer reports it processed).
 *
 * @param group       consumer group
 * @param consumer    the consumer instance within the group
 * @param id          the message id ({@link SendRecord#id()})
 * @param queue       the queue it was read from ({@link Queues#key})
 * @param queueOffset its offset in that queue
 * @param timeMillis  wall clock of the delivery
 */
public record DeliveryRecord(String group, String consumer, String id, String queue, long queueOffset,
                             long timeMillis) {
}
