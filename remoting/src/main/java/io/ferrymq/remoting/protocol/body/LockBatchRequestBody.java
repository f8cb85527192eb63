package io.ferrymq.remoting.protocol.body;

/**
 * LOCK_BATCH_MQ body (docs/protocol.md 4.6, semantics 5.9).
 */
public class LockBatchRequestBody extends QueueLockBatchBody {
    public LockBatchRequestBody() {
    }
}
