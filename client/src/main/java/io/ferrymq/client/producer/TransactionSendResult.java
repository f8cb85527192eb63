package io.ferrymq.client.producer;

/**
 * What a transactional send did: how the half message was stored and what the local transaction decided.
 *
 * @param sendResult the half message's send result (its queue is the real topic's queue it will appear on)
 * @param state      the local transaction's outcome, sent to the broker; ROLLBACK when the half message was
 *                   not stored (the local transaction did not run then)
 */
public record TransactionSendResult(SendResult sendResult, TransactionState state) {
}
