package io.ferrymq.store.ha;

/** Outcome of waiting for slaves to hold a write (SYNC_MASTER). */
public enum ReplicaAck {
    /** Enough slaves hold the bytes. */
    OK,
    /** Slaves are connected but did not confirm within the timeout (answer FLUSH_SLAVE_TIMEOUT). */
    TIMEOUT,
    /** Fewer slaves are connected than required (answer SLAVE_NOT_AVAILABLE). */
    NO_SLAVE
}
