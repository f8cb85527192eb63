package io.ferrymq.remoting.protocol.body;

/** Consumer group model. Wire names. */
public enum MessageModel {
    /** Every consumer of the group receives every message. */
    BROADCASTING,
    /** The group's consumers share the queues. */
    CLUSTERING
}
