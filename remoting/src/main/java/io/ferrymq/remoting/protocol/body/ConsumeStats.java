package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * GET_CONSUME_STATS body (docs/protocol.md 4.5). {@code offsetTable} is keyed by MessageQueue objects and is written
 * in the literal object-key form fastjson 1.x reads: {{"brokerName":..,"queueId":0,"topic":..}:{..}}.
 */
public class ConsumeStats {
    private Map<MessageQueue, OffsetWrapper> offsetTable = new HashMap<>();
    private double consumeTps;

    public ConsumeStats() {
    }

    /** Sum over all queues of brokerOffset - consumerOffset (the group's lag). */
    public long computeTotalDiff() {
        long diff = 0;
        for (OffsetWrapper w : offsetTable.values()) {
            diff += w.getBrokerOffset() - w.getConsumerOffset();
        }
        return diff;
    }

    public Map<MessageQueue, OffsetWrapper> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<MessageQueue, OffsetWrapper> offsetTable) {
        this.offsetTable = offsetTable;
    }

    public double getConsumeTps() {
        return consumeTps;
    }

    public void setConsumeTps(double consumeTps) {
        this.consumeTps = consumeTps;
    }

    @Override
    public String toString() {
        return "ConsumeStats{" + "offsetTable=" + offsetTable + ", consumeTps=" + consumeTps + '}';
    }
}
