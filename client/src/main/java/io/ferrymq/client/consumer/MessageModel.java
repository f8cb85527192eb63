package io.ferrymq.client.consumer;

/** How a consumer group shares messages. */
public enum MessageModel {
    /** The group's consumers split the queues; each message is consumed by one of them. Offsets on brokers. */
    CLUSTERING,
    /** Every consumer of the group consumes every message. Offsets in a local file. */
    BROADCASTING
}
