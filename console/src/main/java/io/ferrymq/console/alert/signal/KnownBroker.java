package io.ferrymq.console.alert.signal;

/**
 * A broker the console has seen in a cluster's routes; remembered (and kept in the state file) so that one that
 * disappears is noticed.
 *
 * @param set         name-server set
 * @param cluster     cluster
 * @param brokerGroup broker group (brokerName)
 * @param brokerId    0 for the master
 * @param address     "ip:port"
 * @param lastSeen    wall time it was last listed
 */
public record KnownBroker(String set, String cluster, String brokerGroup, long brokerId, String address,
                          long lastSeen) {
    String key() {
        return set + "/" + brokerGroup + "/" + brokerId + "/" + address;
    }
}
