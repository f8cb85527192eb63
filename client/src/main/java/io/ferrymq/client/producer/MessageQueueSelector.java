package io.ferrymq.client.producer;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;

import java.util.List;

/**
 * Chooses the queue for an ordered send (the idea of MetaQ's PartitionSelector): messages sent to the same queue
 * are consumed in send order. Implementations must be thread-safe. See {@link MessageQueueSelectors} for the
 * built-ins.
 */
@FunctionalInterface
public interface MessageQueueSelector {
    /**
     * @param queues writable queues of the topic, sorted (never empty)
     * @param message the message being sent
     * @param arg    the argument given to {@code send(message, selector, arg)}, e.g. an order id
     * @return one of {@code queues}
     */
    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);
}
