package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * VIEW_BROKER_STATS_DATA (315) request header: {@code statsName} (e.g. TOPIC_PUT_NUMS) and {@code statsKey}
 * (a topic, {@code topic@group}, or the cluster name for the BROKER_* figures), both required.
 */
public final class ViewBrokerStatsDataRequestHeader implements CommandHeader {
    private String statsName;
    private String statsKey;

    public ViewBrokerStatsDataRequestHeader() {
    }

    public ViewBrokerStatsDataRequestHeader(String statsName, String statsKey) {
        this.statsName = statsName;
        this.statsKey = statsKey;
    }

    /** @throws HeaderFieldException naming the first missing field */
    public static ViewBrokerStatsDataRequestHeader decode(ExtFields f) throws HeaderFieldException {
        return new ViewBrokerStatsDataRequestHeader(f.requireString("statsName"), f.requireString("statsKey"));
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (statsName != null) {
            ext.put("statsName", statsName);
        }
        if (statsKey != null) {
            ext.put("statsKey", statsKey);
        }
    }

    public String statsName() {
        return statsName;
    }

    public String statsKey() {
        return statsKey;
    }

    @Override
    public String toString() {
        return "ViewBrokerStatsDataRequestHeader{statsName=" + statsName + ", statsKey=" + statsKey + '}';
    }
}
