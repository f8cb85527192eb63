package io.ferrymq.remoting.protocol.route;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * GET_BROKER_CLUSTER_INFO body (docs/protocol.md 4.3): every broker group by name, and the broker names of each cluster.
 * Lives in the route package next to {@link BrokerData}; the official class is {@code protocol.body.ClusterInfo}.
 */
public class ClusterInfo {
    private Map<String, BrokerData> brokerAddrTable = new HashMap<>();
    private Map<String, Set<String>> clusterAddrTable = new HashMap<>();

    public Map<String, BrokerData> getBrokerAddrTable() {
        return brokerAddrTable;
    }

    public void setBrokerAddrTable(Map<String, BrokerData> brokerAddrTable) {
        this.brokerAddrTable = brokerAddrTable;
    }

    public Map<String, Set<String>> getClusterAddrTable() {
        return clusterAddrTable;
    }

    public void setClusterAddrTable(Map<String, Set<String>> clusterAddrTable) {
        this.clusterAddrTable = clusterAddrTable;
    }

    @Override
    public String toString() {
        return "ClusterInfo{brokerAddrTable=" + brokerAddrTable + ", clusterAddrTable=" + clusterAddrTable + '}';
    }
}
