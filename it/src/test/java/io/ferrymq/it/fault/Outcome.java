package io.ferrymq.it.fault;

/**
 * How a send ended, as the producer saw it. Only {@link #OK} is an acknowledgement; the checker holds the cluster
 * to every OK and to nothing else.
 */
public enum Outcome {
    /** SEND_OK: stored and (SYNC_MASTER) copied to the in-sync slaves. */
    OK,
    /** Definitely not acknowledged: a non-OK send status, or an error raised before the request left. */
    FAILED,
    /** The request may or may not have been stored (timeout, connection lost mid-request). */
    UNKNOWN
}
