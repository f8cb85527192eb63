package io.ferrymq.client.consumer;

/** Result of {@link MessageListenerConcurrently#consumeMessage}. */
public enum ConsumeConcurrentlyStatus {
    /** Done: the offset may move past these messages. */
    CONSUME_SUCCESS,
    /** Failed: redeliver later (with the context's delay level). */
    RECONSUME_LATER
}
