package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/**
 * One queue's row of TopicStatsTable (docs/protocol.md 4.5).
 */
public class TopicOffset {
    private long minOffset;
    private long maxOffset;
    /** Store time of the message at maxOffset - 1 (0 if empty). */
    private long lastUpdateTimestamp;

    public TopicOffset() {
    }

    public long getMinOffset() {
        return minOffset;
    }

    public void setMinOffset(long minOffset) {
        this.minOffset = minOffset;
    }

    public long getMaxOffset() {
        return maxOffset;
    }

    public void setMaxOffset(long maxOffset) {
        this.maxOffset = maxOffset;
    }

    public long getLastUpdateTimestamp() {
        return lastUpdateTimestamp;
    }

    public void setLastUpdateTimestamp(long lastUpdateTimestamp) {
        this.lastUpdateTimestamp = lastUpdateTimestamp;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicOffset other)) {
            return false;
        }
        return minOffset == other.minOffset
                && maxOffset == other.maxOffset
                && lastUpdateTimestamp == other.lastUpdateTimestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minOffset, maxOffset, lastUpdateTimestamp);
    }

    @Override
    public String toString() {
        return "TopicOffset{" + "minOffset=" + minOffset + ", maxOffset=" + maxOffset + ", lastUpdateTimestamp=" + lastUpdateTimestamp + '}';
    }
}
