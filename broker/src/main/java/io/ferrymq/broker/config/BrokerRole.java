package io.ferrymq.broker.config;

/**
 * Replication role of a broker (RocketMQ {@code brokerRole}). Only masters accept writes; a slave answers
 * every write with NO_PERMISSION (replication itself is issue 6).
 */
public enum BrokerRole {
    ASYNC_MASTER,
    SYNC_MASTER,
    SLAVE;

    public boolean isMaster() {
        return this != SLAVE;
    }
}
