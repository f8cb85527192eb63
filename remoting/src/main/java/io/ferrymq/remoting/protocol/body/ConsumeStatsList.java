package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GET_BROKER_CONSUME_STATS body: for every subscription group of the broker, one {@link ConsumeStats} per topic
 * it has offsets in ({@code consumeStatsList} is a list of one-entry maps group -&gt; stats), plus the summed lag.
 */
public class ConsumeStatsList {
    private List<Map<String, List<ConsumeStats>>> consumeStatsList = new ArrayList<>();
    private String brokerAddr;
    private long totalDiff;
    private long totalInflightDiff;

    public List<Map<String, List<ConsumeStats>>> getConsumeStatsList() {
        return consumeStatsList;
    }

    public void setConsumeStatsList(List<Map<String, List<ConsumeStats>>> consumeStatsList) {
        this.consumeStatsList = consumeStatsList;
    }

    public String getBrokerAddr() {
        return brokerAddr;
    }

    public void setBrokerAddr(String brokerAddr) {
        this.brokerAddr = brokerAddr;
    }

    public long getTotalDiff() {
        return totalDiff;
    }

    public void setTotalDiff(long totalDiff) {
        this.totalDiff = totalDiff;
    }

    public long getTotalInflightDiff() {
        return totalInflightDiff;
    }

    public void setTotalInflightDiff(long totalInflightDiff) {
        this.totalInflightDiff = totalInflightDiff;
    }
}
