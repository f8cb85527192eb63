package io.ferrymq.broker.transaction;

import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

/**
 * END_TRANSACTION (37) request header (fact sheet 2.4): which half message ({@code commitLogOffset}, its
 * half-queue offset {@code tranStateTableOffset}), whose ({@code producerGroup}) and the producer's decision.
 *
 * @param commitOrRollback 8 commit, 12 rollback, 0 unknown (the client's {@code LocalTransactionState})
 */
public record EndTransactionHeader(String producerGroup, long tranStateTableOffset, long commitLogOffset,
                                   int commitOrRollback, boolean fromTransactionCheck, String msgId,
                                   String transactionId) {

    public static EndTransactionHeader decode(ExtFields f) throws HeaderFieldException {
        return new EndTransactionHeader(f.requireString("producerGroup"), f.requireLong("tranStateTableOffset"),
                f.requireLong("commitLogOffset"), f.requireInt("commitOrRollback"),
                f.optBoolean("fromTransactionCheck", false), f.optString("msgId", null),
                f.optString("transactionId", null));
    }
}
