package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A consumer group a client reports in its heartbeat (docs/protocol.md 4.2) with its subscriptions.
 */
public class ConsumerData {
    private String groupName;
    private ConsumeType consumeType;
    private MessageModel messageModel;
    private ConsumeFromWhere consumeFromWhere;
    private Set<SubscriptionData> subscriptionDataSet = new HashSet<>();
    private boolean unitMode;

    public ConsumerData() {
    }

    public String getGroupName() {
        return groupName;
    }

    public void setGroupName(String groupName) {
        this.groupName = groupName;
    }

    public ConsumeType getConsumeType() {
        return consumeType;
    }

    public void setConsumeType(ConsumeType consumeType) {
        this.consumeType = consumeType;
    }

    public MessageModel getMessageModel() {
        return messageModel;
    }

    public void setMessageModel(MessageModel messageModel) {
        this.messageModel = messageModel;
    }

    public ConsumeFromWhere getConsumeFromWhere() {
        return consumeFromWhere;
    }

    public void setConsumeFromWhere(ConsumeFromWhere consumeFromWhere) {
        this.consumeFromWhere = consumeFromWhere;
    }

    public Set<SubscriptionData> getSubscriptionDataSet() {
        return subscriptionDataSet;
    }

    public void setSubscriptionDataSet(Set<SubscriptionData> subscriptionDataSet) {
        this.subscriptionDataSet = subscriptionDataSet;
    }

    public boolean isUnitMode() {
        return unitMode;
    }

    public void setUnitMode(boolean unitMode) {
        this.unitMode = unitMode;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConsumerData other)) {
            return false;
        }
        return Objects.equals(groupName, other.groupName)
                && Objects.equals(consumeType, other.consumeType)
                && Objects.equals(messageModel, other.messageModel)
                && Objects.equals(consumeFromWhere, other.consumeFromWhere)
                && Objects.equals(subscriptionDataSet, other.subscriptionDataSet)
                && unitMode == other.unitMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupName, consumeType, messageModel, consumeFromWhere, subscriptionDataSet, unitMode);
    }

    @Override
    public String toString() {
        return "ConsumerData{" + "groupName=" + groupName + ", consumeType=" + consumeType + ", messageModel=" + messageModel
                + ", consumeFromWhere=" + consumeFromWhere + ", subscriptionDataSet=" + subscriptionDataSet + ", unitMode=" + unitMode + '}';
    }
}
