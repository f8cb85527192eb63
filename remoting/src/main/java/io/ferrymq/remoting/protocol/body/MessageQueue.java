package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/**
 * One queue: topic, broker group and queue id ({"brokerName":"broker-a","queueId":0,"topic":"T"}). Ordered and
 * compared by topic, then broker name, then queue id. Immutable in practice: don't change it while it is a key
 * of a map or member of a set.
 */
public class MessageQueue implements Comparable<MessageQueue> {
    private String topic;
    private String brokerName;
    private int queueId;

    public MessageQueue() {
    }

    public MessageQueue(String topic, String brokerName, int queueId) {
        this.topic = topic;
        this.brokerName = brokerName;
        this.queueId = queueId;
    }

    @Override
    public int compareTo(MessageQueue o) {
        int c = compareNullable(topic, o.topic);
        if (c != 0) {
            return c;
        }
        c = compareNullable(brokerName, o.brokerName);
        if (c != 0) {
            return c;
        }
        return Integer.compare(queueId, o.queueId);
    }

    private static int compareNullable(String a, String b) {
        if (a == null) {
            return b == null ? 0 : -1;
        }
        return b == null ? 1 : a.compareTo(b);
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public int getQueueId() {
        return queueId;
    }

    public void setQueueId(int queueId) {
        this.queueId = queueId;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MessageQueue other)) {
            return false;
        }
        return Objects.equals(topic, other.topic)
                && Objects.equals(brokerName, other.brokerName)
                && queueId == other.queueId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, brokerName, queueId);
    }

    @Override
    public String toString() {
        return "MessageQueue{" + "topic=" + topic + ", brokerName=" + brokerName + ", queueId=" + queueId + '}';
    }
}
