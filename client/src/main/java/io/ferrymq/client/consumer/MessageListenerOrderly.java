package io.ferrymq.client.consumer;

import io.ferrymq.client.ReceivedMessage;

import java.util.List;

/**
 * Consumes the messages of each queue in queue order, one thread per queue at a time. In clustering mode the
 * consumer holds a broker lock on each queue it consumes, so no other consumer of the group processes that
 * queue meanwhile. Return {@link ConsumeOrderlyStatus#SUSPEND_CURRENT_QUEUE_A_MOMENT} (or throw) to retry the
 * same messages after a pause; after {@code maxReconsumeTimes} they go to the dead-letter topic.
 */
@FunctionalInterface
public non-sealed interface MessageListenerOrderly extends MessageListener {
    ConsumeOrderlyStatus consumeMessage(List<ReceivedMessage> messages, ConsumeOrderlyContext context);
}
