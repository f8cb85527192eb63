package io.ferrymq.client.consumer;

import io.ferrymq.client.ReceivedMessage;

import java.util.List;

/**
 * Consumes messages on a pool of threads, without ordering guarantees. Return
 * {@link ConsumeConcurrentlyStatus#RECONSUME_LATER} (or throw) to have the batch redelivered later through the
 * group's retry topic; after {@code maxReconsumeTimes} failures a message goes to the dead-letter topic.
 */
@FunctionalInterface
public non-sealed interface MessageListenerConcurrently extends MessageListener {
    /**
     * @param messages at most {@code consumeMessageBatchMaxSize} messages of one queue
     * @param context  the queue, and the delay level to use when asking for a retry
     */
    ConsumeConcurrentlyStatus consumeMessage(List<ReceivedMessage> messages, ConsumeConcurrentlyContext context);
}
