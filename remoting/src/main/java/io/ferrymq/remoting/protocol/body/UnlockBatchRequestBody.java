package io.ferrymq.remoting.protocol.body;

/**
 * UNLOCK_BATCH_MQ body (docs/protocol.md 4.6): same shape as the lock request.
 */
public class UnlockBatchRequestBody extends QueueLockBatchBody {
    public UnlockBatchRequestBody() {
    }
}
