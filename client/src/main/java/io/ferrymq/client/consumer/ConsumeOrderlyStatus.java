package io.ferrymq.client.consumer;

/** Result of {@link MessageListenerOrderly#consumeMessage}. */
public enum ConsumeOrderlyStatus {
    /** Done: commit and continue with the next messages of the queue. */
    SUCCESS,
    /** Failed: pause the queue, then deliver the same messages again. */
    SUSPEND_CURRENT_QUEUE_A_MOMENT
}
