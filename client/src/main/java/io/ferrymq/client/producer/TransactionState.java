package io.ferrymq.client.producer;

/**
 * The outcome of a local transaction, as a {@link TransactionListener} reports it: the half message is committed
 * (consumers receive it), rolled back (they never do), or left undecided (the broker asks again later).
 */
public enum TransactionState {
    COMMIT(8),
    ROLLBACK(12),
    UNKNOWN(0);

    private final int wire;

    TransactionState(int wire) {
        this.wire = wire;
    }

    /** The END_TRANSACTION {@code commitOrRollback} value. */
    int wire() {
        return wire;
    }
}
