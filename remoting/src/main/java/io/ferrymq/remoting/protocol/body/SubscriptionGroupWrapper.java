package io.ferrymq.remoting.protocol.body;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Body of GET_ALL_SUBSCRIPTIONGROUP_CONFIG: every subscription group of a broker, by name, with the table's data
 * version (RocketMQ's {@code SubscriptionGroupWrapper}; slaves copy their master's groups from it).
 */
public class SubscriptionGroupWrapper {
    private Map<String, SubscriptionGroupConfig> subscriptionGroupTable = new LinkedHashMap<>();
    private DataVersion dataVersion = new DataVersion();

    public Map<String, SubscriptionGroupConfig> getSubscriptionGroupTable() {
        return subscriptionGroupTable;
    }

    public void setSubscriptionGroupTable(Map<String, SubscriptionGroupConfig> subscriptionGroupTable) {
        this.subscriptionGroupTable = subscriptionGroupTable == null ? new LinkedHashMap<>() : subscriptionGroupTable;
    }

    public DataVersion getDataVersion() {
        return dataVersion;
    }

    public void setDataVersion(DataVersion dataVersion) {
        this.dataVersion = dataVersion;
    }
}
