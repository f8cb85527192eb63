package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The shape LOCK_BATCH_MQ and UNLOCK_BATCH_MQ bodies share (docs/protocol.md 4.6): a group, the asking client
 * and the queues. Two request classes over one shape keep each request's type distinct on the wire code path.
 */
public abstract class QueueLockBatchBody {
    private String consumerGroup;
    private String clientId;
    private boolean onlyThisBroker;
    private Set<MessageQueue> mqSet = new HashSet<>();

    protected QueueLockBatchBody() {
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
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        QueueLockBatchBody other = (QueueLockBatchBody) o;
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
        return getClass().getSimpleName() + "{" + "consumerGroup=" + consumerGroup + ", clientId=" + clientId + ", onlyThisBroker=" + onlyThisBroker
                + ", mqSet=" + mqSet + '}';
    }
}
