package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.MessageSysFlag;

/** A producer's answer about one half message, with its wire value (the transaction bits of a sysFlag). */
public enum Decision {
    COMMIT(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    ROLLBACK(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE),
    UNKNOWN(MessageSysFlag.TRANSACTION_NOT_TYPE);

    private final int wire;

    Decision(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** The decision for a {@code commitOrRollback} value, or null when the value means none of them. */
    public static Decision ofWire(int value) {
        for (Decision d : values()) {
            if (d.wire == value) {
                return d;
            }
        }
        return null;
    }
}
