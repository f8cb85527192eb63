package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * HEART_BEAT body (docs/protocol.md 4.2): the client id and the producer and consumer groups of that client. Note the
 * field name {@code clientID} (capital ID) of the wire format.
 */
public class HeartbeatData {
    private String clientID;
    private Set<ProducerData> producerDataSet = new HashSet<>();
    private Set<ConsumerData> consumerDataSet = new HashSet<>();
    /** Heartbeat v2 only (client option); 0 otherwise. */
    private int heartbeatFingerprint;
    /** Heartbeat v2 only: the subscriptions were left out because unchanged. */
    private boolean withoutSub;

    public HeartbeatData() {
    }

    public String getClientID() {
        return clientID;
    }

    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    public Set<ProducerData> getProducerDataSet() {
        return producerDataSet;
    }

    public void setProducerDataSet(Set<ProducerData> producerDataSet) {
        this.producerDataSet = producerDataSet;
    }

    public Set<ConsumerData> getConsumerDataSet() {
        return consumerDataSet;
    }

    public void setConsumerDataSet(Set<ConsumerData> consumerDataSet) {
        this.consumerDataSet = consumerDataSet;
    }

    public int getHeartbeatFingerprint() {
        return heartbeatFingerprint;
    }

    public void setHeartbeatFingerprint(int heartbeatFingerprint) {
        this.heartbeatFingerprint = heartbeatFingerprint;
    }

    public boolean isWithoutSub() {
        return withoutSub;
    }

    public void setWithoutSub(boolean withoutSub) {
        this.withoutSub = withoutSub;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HeartbeatData other)) {
            return false;
        }
        return Objects.equals(clientID, other.clientID)
                && Objects.equals(producerDataSet, other.producerDataSet)
                && Objects.equals(consumerDataSet, other.consumerDataSet)
                && heartbeatFingerprint == other.heartbeatFingerprint
                && withoutSub == other.withoutSub;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientID, producerDataSet, consumerDataSet, heartbeatFingerprint, withoutSub);
    }

    @Override
    public String toString() {
        return "HeartbeatData{" + "clientID=" + clientID + ", producerDataSet=" + producerDataSet + ", consumerDataSet=" + consumerDataSet
                + ", heartbeatFingerprint=" + heartbeatFingerprint + ", withoutSub=" + withoutSub + '}';
    }
}
