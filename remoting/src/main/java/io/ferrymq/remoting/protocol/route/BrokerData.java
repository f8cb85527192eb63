package io.ferrymq.remoting.protocol.route;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One broker group: its cluster, name and the address of each member by broker id (0 = master).
 * JSON body element of {@link TopicRouteData} and {@link ClusterInfo}; {@code brokerAddrs} is written with
 * quoted keys ({@code {"0":"ip:port"}}), see {@link io.ferrymq.remoting.protocol.Json}.
 */
public class BrokerData {
    /** Broker id of the master. */
    public static final long MASTER_ID = 0L;

    private String cluster;
    private String brokerName;
    private TreeMap<Long, String> brokerAddrs = new TreeMap<>();
    private String zoneName;
    private boolean enableActingMaster;

    public BrokerData() {
    }

    public BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.brokerAddrs = brokerAddrs == null ? new TreeMap<>() : new TreeMap<>(brokerAddrs);
    }

    /** A deep copy (the address map is copied). */
    public BrokerData copy() {
        BrokerData c = new BrokerData(cluster, brokerName, brokerAddrs);
        c.zoneName = zoneName;
        c.enableActingMaster = enableActingMaster;
        return c;
    }

    /** The master's address, or null when the group has no master registered. */
    public String selectMasterAddr() {
        return brokerAddrs == null ? null : brokerAddrs.get(MASTER_ID);
    }

    /** The master's address if present, else the member with the lowest id, else null. */
    public String selectMasterOrAnyAddr() {
        if (brokerAddrs == null || brokerAddrs.isEmpty()) {
            return null;
        }
        String master = brokerAddrs.get(MASTER_ID);
        return master != null ? master : brokerAddrs.firstEntry().getValue();
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public TreeMap<Long, String> getBrokerAddrs() {
        return brokerAddrs;
    }

    public void setBrokerAddrs(TreeMap<Long, String> brokerAddrs) {
        this.brokerAddrs = brokerAddrs;
    }

    public String getZoneName() {
        return zoneName;
    }

    public void setZoneName(String zoneName) {
        this.zoneName = zoneName;
    }

    public boolean isEnableActingMaster() {
        return enableActingMaster;
    }

    public void setEnableActingMaster(boolean enableActingMaster) {
        this.enableActingMaster = enableActingMaster;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BrokerData b)) {
            return false;
        }
        return enableActingMaster == b.enableActingMaster && Objects.equals(cluster, b.cluster)
                && Objects.equals(brokerName, b.brokerName) && Objects.equals(brokerAddrs, b.brokerAddrs)
                && Objects.equals(zoneName, b.zoneName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, brokerName, brokerAddrs, zoneName, enableActingMaster);
    }

    @Override
    public String toString() {
        return "BrokerData{cluster=" + cluster + ", brokerName=" + brokerName + ", brokerAddrs=" + brokerAddrs
                + (zoneName != null ? ", zoneName=" + zoneName : "") + ", enableActingMaster=" + enableActingMaster
                + '}';
    }
}
