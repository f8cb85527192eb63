package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * UNLOCK_BATCH_MQ body (docs/protocol.md 4.6): same shape as the lock request.
 */
public class UnlockBatchRequestBody {
    private String consumerGroup;
    private String clientId;
    private boolean onlyThisBroker;
    private Set<MessageQueue> mqSet = new HashSet<>();

    public UnlockBatchRequestBody() {
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public boolean isOnlyThisBroker() {
        return onlyThisBroker;
    }

    public void setOnlyThisBroker(boolean onlyThisBroker) {
        this.onlyThisBroker = onlyThisBroker;
    }

    public Set<MessageQueue> getMqSet() {
        return mqSet;
    }

    public void setMqSet(Set<MessageQueue> mqSet) {
        this.mqSet = mqSet;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UnlockBatchRequestBody other)) {
            return false;
        }
        return Objects.equals(consumerGroup, other.consumerGroup)
                && Objects.equals(clientId, other.clientId)
                && onlyThisBroker == other.onlyThisBroker
                && Objects.equals(mqSet, other.mqSet);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consumerGroup, clientId, onlyThisBroker, mqSet);
    }

    @Override
    public String toString() {
        return "UnlockBatchRequestBody{" + "consumerGroup=" + consumerGroup + ", clientId=" + clientId + ", onlyThisBroker=" + onlyThisBroker
                + ", mqSet=" + mqSet + '}';
    }
}
