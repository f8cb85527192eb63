package io.ferrymq.client.producer;

import io.ferrymq.client.MessageQueue;

/**
 * Result of a successful send.
 *
 * @param status      durability outcome
 * @param msgId       the producer-assigned id (UNIQ_KEY); comma-joined for a batch
 * @param offsetMsgId the broker's id (store address + commit-log offset); comma-joined for a batch
 * @param queue       the queue the message went to
 * @param queueOffset its logical offset in that queue (the first message's, for a batch)
 * @param regionId    region reported by the broker ("DefaultRegion" when absent)
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset,
                         String regionId) {
}
