package io.ferrymq.client.admin;

import java.util.Map;

/**
 * One broker group of a cluster.
 *
 * @param cluster    cluster name
 * @param brokerName group name
 * @param addresses  broker id → "ip:port"; id 0 is the master
 */
public record BrokerGroup(String cluster, String brokerName, Map<Long, String> addresses) {
    /** Master address, or null when the group has no master now. */
    public String master() {
        return addresses.get(0L);
    }
}
