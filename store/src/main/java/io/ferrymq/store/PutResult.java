package io.ferrymq.store;

import java.util.List;

/**
 * Result of {@link MessageStore#put} / {@link MessageStore#putBatch}. When {@link PutStatus#stored()}:
 * {@code wroteOffset} is the commit-log offset of the first message, {@code wroteBytes} the bytes of all,
 * {@code queueOffset} the queue offset of the first (the others follow consecutively), {@code msgIds} the
 * offset message ids in order (join them with ',' for a batch send response). Otherwise {@code reason} says why.
 */
public record PutResult(
    PutStatus status,
    long wroteOffset,
    int wroteBytes,
    long queueOffset,
    int msgCount,
    long storeTimestamp,
    List<String> msgIds,
    String reason) {

    public static PutResult failure(PutStatus status, String reason) {
        return new PutResult(status, -1L, 0, -1L, 0, 0L, List.of(), reason);
    }

    PutResult withStatus(PutStatus s, String why) {
        return new PutResult(s, wroteOffset, wroteBytes, queueOffset, msgCount, storeTimestamp, msgIds, why);
    }

    public boolean ok() {
        return status == PutStatus.PUT_OK;
    }

    /** The first (or only) offset message id, or null when nothing was stored. */
    public String msgId() {
        return msgIds.isEmpty() ? null : msgIds.get(0);
    }
}
