package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;

/** Per-call context of an orderly listener. Valid during the call only. */
public final class ConsumeOrderlyContext {
    private final MessageQueue queue;
    private long suspendCurrentQueueTimeMillis;

    public ConsumeOrderlyContext(MessageQueue queue, long defaultSuspendMillis) {
        this.queue = queue;
        this.suspendCurrentQueueTimeMillis = defaultSuspendMillis;
    }

    public MessageQueue queue() {
        return queue;
    }

    /** Pause before redelivery when the listener asks to suspend. */
    public long suspendCurrentQueueTimeMillis() {
        return suspendCurrentQueueTimeMillis;
    }

    public void suspendCurrentQueueTimeMillis(long millis) {
        this.suspendCurrentQueueTimeMillis = millis;
    }
}
