package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * GET_TOPIC_STATS_INFO body (docs/protocol.md 4.5), keyed by MessageQueue objects (literal object-key form).
 */
public class TopicStatsTable {
    private Map<MessageQueue, TopicOffset> offsetTable = new HashMap<>();
    private double topicPutTps;

    public TopicStatsTable() {
    }

    public Map<MessageQueue, TopicOffset> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<MessageQueue, TopicOffset> offsetTable) {
        this.offsetTable = offsetTable;
    }

    public double getTopicPutTps() {
        return topicPutTps;
    }

    public void setTopicPutTps(double topicPutTps) {
        this.topicPutTps = topicPutTps;
    }

    @Override
    public String toString() {
        return "TopicStatsTable{" + "offsetTable=" + offsetTable + ", topicPutTps=" + topicPutTps + '}';
    }
}
