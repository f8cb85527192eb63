package io.ferrymq.client.producer;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;

/**
 * The application side of a transactional send ({@link TransactionalProducer}).
 *
 * <p>{@link #executeLocalTransaction} runs on the sending thread right after the broker stored the half message;
 * {@link #checkLocalTransaction} runs on the producer's {@code ferry-tx-check} thread when a broker asks about a
 * half message whose outcome it does not know (UNKNOWN was returned, or the decision was lost with a crash). Both
 * may be called for the same message, also by another producer of the same group than the one that sent it, so
 * the check must look the outcome up in the application's own store (by {@link Message#keys()}, say).
 * An exception counts as {@link TransactionState#UNKNOWN}.
 */
public interface TransactionListener {
    /** Runs the local transaction tied to {@code message}; {@code arg} is what was passed to the send. */
    TransactionState executeLocalTransaction(Message message, Object arg);

    /** Tells the broker the outcome of the local transaction of an undecided half message. */
    TransactionState checkLocalTransaction(ReceivedMessage message);
}
