package io.ferrymq.broker.ha.transport;

/**
 * Who a replication peer is: its cluster, broker group and id. A slave names its own in the handshake; the master
 * admits it only when cluster and group are the master's own and the id is a slave's (greater than 0).
 */
public record ReplicaIdentity(String cluster, String brokerName, long brokerId) {
    @Override
    public String toString() {
        return cluster + "/" + brokerName + "/" + brokerId;
    }
}
