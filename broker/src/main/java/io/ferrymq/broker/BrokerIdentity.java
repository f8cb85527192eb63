package io.ferrymq.broker;

import java.net.InetSocketAddress;

/**
 * Who this broker is on the wire, fixed once the listening port is bound: cluster, group name, id and the
 * advertised address (also the STOREHOST of every stored message, from which offset message ids derive).
 */
public record BrokerIdentity(String clusterName, String brokerName, long brokerId, String brokerAddr,
                             InetSocketAddress storeHost) {
    public static BrokerIdentity of(String cluster, String name, long id, String ip, int port) {
        return new BrokerIdentity(cluster, name, id, ip + ":" + port, new InetSocketAddress(ip, port));
    }
}
