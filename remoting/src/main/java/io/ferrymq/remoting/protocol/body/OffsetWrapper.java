package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/**
 * One queue's row of ConsumeStats (docs/protocol.md 4.5).
 */
public class OffsetWrapper {
    /** Max offset of the queue. */
    private long brokerOffset;
    /** Committed offset of the group (0 if none). */
    private long consumerOffset;
    /** max(consumerOffset, last pull's nextBeginOffset). */
    private long pullOffset;
    /** Store time of the message at consumerOffset - 1 (0 if none). */
    private long lastTimestamp;

    public OffsetWrapper() {
    }

    public long getBrokerOffset() {
        return brokerOffset;
    }

    public void setBrokerOffset(long brokerOffset) {
        this.brokerOffset = brokerOffset;
    }

    public long getConsumerOffset() {
        return consumerOffset;
    }

    public void setConsumerOffset(long consumerOffset) {
        this.consumerOffset = consumerOffset;
    }

    public long getPullOffset() {
        return pullOffset;
    }

    public void setPullOffset(long pullOffset) {
        this.pullOffset = pullOffset;
    }

    public long getLastTimestamp() {
        return lastTimestamp;
    }

    public void setLastTimestamp(long lastTimestamp) {
        this.lastTimestamp = lastTimestamp;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OffsetWrapper other)) {
            return false;
        }
        return brokerOffset == other.brokerOffset
                && consumerOffset == other.consumerOffset
                && pullOffset == other.pullOffset
                && lastTimestamp == other.lastTimestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerOffset, consumerOffset, pullOffset, lastTimestamp);
    }

    @Override
    public String toString() {
        return "OffsetWrapper{" + "brokerOffset=" + brokerOffset + ", consumerOffset=" + consumerOffset + ", pullOffset=" + pullOffset
                + ", lastTimestamp=" + lastTimestamp + '}';
    }
}
