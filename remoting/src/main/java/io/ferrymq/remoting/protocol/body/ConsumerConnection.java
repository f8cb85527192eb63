package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * GET_CONSUMER_CONNECTION_LIST body (docs/protocol.md 4.5): a group's connections and its subscriptions by topic.
 */
public class ConsumerConnection {
    private HashSet<Connection> connectionSet = new HashSet<>();
    private Map<String, SubscriptionData> subscriptionTable = new HashMap<>();
    private ConsumeType consumeType;
    private MessageModel messageModel;
    private ConsumeFromWhere consumeFromWhere;

    public ConsumerConnection() {
    }

    public HashSet<Connection> getConnectionSet() {
        return connectionSet;
    }

    public void setConnectionSet(HashSet<Connection> connectionSet) {
        this.connectionSet = connectionSet;
    }

    public Map<String, SubscriptionData> getSubscriptionTable() {
        return subscriptionTable;
    }

    public void setSubscriptionTable(Map<String, SubscriptionData> subscriptionTable) {
        this.subscriptionTable = subscriptionTable;
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

    @Override
    public String toString() {
        return "ConsumerConnection{" + "connectionSet=" + connectionSet + ", subscriptionTable=" + subscriptionTable + ", consumeType=" + consumeType
                + ", messageModel=" + messageModel + ", consumeFromWhere=" + consumeFromWhere + '}';
    }
}
